/// One seat of an event's seat map: section, row and number, all counted from 0.
public struct Seat: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var section: Int
    public var row: Int
    public var number: Int

    public init(section: Int, row: Int, number: Int) {
        self.section = section
        self.row = row
        self.number = number
    }

    public static func < (a: Seat, b: Seat) -> Bool {
        (a.section, a.row, a.number) < (b.section, b.row, b.number)
    }

    /// `s1r2n7`: section 1, row 2, seat 7.
    public var description: String { "s\(section)r\(row)n\(number)" }
}

/// One section of a seat map: `rowCount` rows of `seatsPerRow` seats.
public struct Section: Sendable, Hashable, Codable {
    public var rowCount: Int
    public var seatsPerRow: Int

    public init(rowCount: Int, seatsPerRow: Int) {
        self.rowCount = rowCount
        self.seatsPerRow = seatsPerRow
    }

    public var capacity: Int { rowCount * seatsPerRow }

    /// Whether `row` and `number` name a seat of this section.
    public func contains(row: Int, number: Int) -> Bool {
        (0..<rowCount).contains(row) && (0..<seatsPerRow).contains(number)
    }
}

/// An event with its seat map: sections of rows of seats. `id` decides where its seats live.
public struct Event: Sendable, Hashable, Codable, CustomStringConvertible {
    public var id: UInt64
    public var name: String
    public var sections: [Section]

    public init(id: UInt64, name: String, sections: [Section]) {
        self.id = id
        self.name = name
        self.sections = sections
    }

    /// Seats in the whole event.
    public var capacity: Int { sections.reduce(0) { $0 + $1.capacity } }

    /// Whether `seat` exists in this event's seat map.
    public func contains(_ seat: Seat) -> Bool {
        sections.indices.contains(seat.section) && sections[seat.section].contains(row: seat.row, number: seat.number)
    }

    /// Most sections and seats per section an event may have: every knob has a limit.
    public static let maxSectionCount = 1_024
    public static let maxSeatsPerSection = 1_000_000

    public var description: String {
        "Event(\(id), \(name), \(sections.map { "\($0.rowCount)x\($0.seatsPerRow)" }.joined(separator: " ")))"
    }
}
