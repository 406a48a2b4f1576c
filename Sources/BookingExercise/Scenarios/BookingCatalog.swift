/// How a scenario lays its keys out as seats: key `k` of `0..<keyCount` is one seat.
public enum BookingCatalog: Sendable {
    /// Many small events: event `1 + k / 200`, one section of 10 rows of 20 seats.
    case manyEvents
    /// One hot event of up to 32 sections in rows of 25: key `k` is in section `k % sections`,
    /// so the lowest keys, the best seats, are the front rows of every section.
    case hotEvent

    public static let seatsPerSmallEvent = 200
    static let smallEventRows = 10
    public static let hotEventID: UInt64 = 1_000_000
    static let hotSectionCountMax = 32
    static let hotSeatsPerRow = 25

    /// The events holding seats `0..<keyCount`.
    public func events(keyCount: UInt64) -> [Event] {
        switch self {
        case .manyEvents:
            let count = (keyCount + UInt64(Self.seatsPerSmallEvent) - 1) / UInt64(Self.seatsPerSmallEvent)
            return (0..<max(1, count)).map { index in
                Event(id: 1 + index, name: "Event \(1 + index)", sections: [Section(rowCount: Self.smallEventRows, seatsPerRow: Self.seatsPerSmallEvent / Self.smallEventRows)])
            }
        case .hotEvent:
            let (sections, rows, perRow) = Self.hotShape(keyCount: keyCount)
            return [Event(id: Self.hotEventID, name: "The hot event", sections: Array(repeating: Section(rowCount: rows, seatsPerRow: perRow), count: sections))]
        }
    }

    /// The event and seat of key `key`.
    public func seat(_ key: UInt64, keyCount: UInt64) -> (event: UInt64, seat: Seat) {
        switch self {
        case .manyEvents:
            let index = Int(key % UInt64(Self.seatsPerSmallEvent))
            let perRow = Self.seatsPerSmallEvent / Self.smallEventRows
            return (1 + key / UInt64(Self.seatsPerSmallEvent), Seat(section: 0, row: index / perRow, number: index % perRow))
        case .hotEvent:
            let (sections, _, perRow) = Self.hotShape(keyCount: keyCount)
            let place = Int(key / UInt64(sections))
            return (Self.hotEventID, Seat(section: Int(key % UInt64(sections)), row: place / perRow, number: place % perRow))
        }
    }

    /// Sections, rows per section and seats per row of the hot event for `keyCount` seats.
    static func hotShape(keyCount: UInt64) -> (sections: Int, rows: Int, seatsPerRow: Int) {
        let sections = Int(min(UInt64(hotSectionCountMax), max(1, keyCount)))
        let perSection = Int((max(1, keyCount) + UInt64(sections) - 1) / UInt64(sections))
        let perRow = min(hotSeatsPerRow, perSection)
        return (sections, (perSection + perRow - 1) / perRow, perRow)
    }
}
