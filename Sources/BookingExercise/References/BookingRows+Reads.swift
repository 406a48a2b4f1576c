import ScaleCore

/// The reads the reference designs share: the catalogue, free seats, a user's bookings.
extension BookingRows {
    static func sectionExists(event: UInt64, section: Int, on connection: SQLiteConnection) throws -> Bool {
        try connection.queryOne("SELECT 1 FROM sections WHERE event_id = ? AND section = ?", BookingSchema.sql(event), section) { _ in true } ?? false
    }

    /// The event's section count from its catalogue row, or nil when there is none here.
    static func sectionCount(event: UInt64, on connection: SQLiteConnection) throws -> Int? {
        try connection.queryOne("SELECT section_count FROM events WHERE event_id = ?", BookingSchema.sql(event)) { Int($0.int64(at: 0)) }
    }

    /// Free seats per section of `event` on this shard (sections with none free are absent).
    static func freeBySection(event: UInt64, nowNanos: UInt64, on connection: SQLiteConnection) throws -> [Int: Int] {
        var free: [Int: Int] = [:]
        try connection.forEachRow(
            "SELECT section, count(*) FROM seats WHERE event_id = ? AND (status = 0 OR (status = 1 AND expires_at <= ?)) GROUP BY section",
            BookingSchema.sql(event), Int64(nowNanos)
        ) { row in free[Int(row.int64(at: 0))] = Int(row.int64(at: 1)) }
        return free
    }

    /// Bookings of `user` on this shard that are not cancelled.
    static func bookings(user: UInt64, on connection: SQLiteConnection) throws -> [Booking] {
        try connection.query(
            "SELECT booking_id, event_id, section, seats, user_id FROM bookings WHERE user_id = ? AND status = 0", BookingSchema.sql(user)
        ) { row in
            Booking(
                id: BookingSchema.id(row.int64(at: 0)), event: BookingSchema.id(row.int64(at: 1)),
                seats: BookingSchema.decodeSeats(row.string(at: 3), section: Int(row.int64(at: 2))), user: BookingSchema.id(row.int64(at: 4))
            )
        }
    }
}
