import ScaleCore

/// The tables every node of a BookingService cluster starts with. Every table has a PRIMARY KEY:
/// replicated shards ship changed rows by key.
///
/// - `events`: the catalogue, one row per event, placed by the event.
/// - `sections` and `seats`: the seat map, placed with the seats (by event, or by event and section).
///   `status` is 0 free, 1 held (by `hold_id` until `expires_at`), 2 sold (`booking_id`).
/// - `holds` and `bookings`: placed with their seats; `seats` lists them as `row.number;…`.
/// - `waiting_rooms` and `waiting_room_tickets` (version 2): an event's virtual waiting room, one
///   row per room (the last ticket handed out, the highest admitted, how long admitted buyers
///   stay) and one per buyer in it (`admitted_at` NULL while waiting); version 3 makes that
///   one ticket per buyer and room, so a retried entry finds the buyer's place instead of a new one.
public enum BookingSchema {
    public static let migrations = SchemaMigrations(component: "booking-service", steps: [
        SchemaMigration(version: 1, name: "events, seats, holds, bookings", sql: """
            CREATE TABLE events (
                event_id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                section_count INTEGER NOT NULL
            );
            CREATE TABLE sections (
                event_id INTEGER NOT NULL,
                section INTEGER NOT NULL,
                row_count INTEGER NOT NULL,
                seats_per_row INTEGER NOT NULL,
                PRIMARY KEY (event_id, section)
            ) WITHOUT ROWID;
            CREATE TABLE seats (
                event_id INTEGER NOT NULL,
                section INTEGER NOT NULL,
                seat_row INTEGER NOT NULL,
                number INTEGER NOT NULL,
                status INTEGER NOT NULL DEFAULT 0,
                hold_id INTEGER,
                expires_at INTEGER,
                booking_id INTEGER,
                PRIMARY KEY (event_id, section, seat_row, number)
            ) WITHOUT ROWID;
            CREATE TABLE holds (
                hold_id INTEGER PRIMARY KEY,
                event_id INTEGER NOT NULL,
                section INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                seats TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                status INTEGER NOT NULL DEFAULT 0,
                booking_id INTEGER,
                idempotency_key TEXT
            );
            CREATE TABLE bookings (
                booking_id INTEGER PRIMARY KEY,
                event_id INTEGER NOT NULL,
                section INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                seats TEXT NOT NULL,
                hold_id INTEGER NOT NULL,
                status INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX bookings_by_user ON bookings(user_id);
            """),
        SchemaMigration(version: 2, name: "waiting rooms", sql: """
            CREATE TABLE waiting_rooms (
                event_id INTEGER PRIMARY KEY,
                last_ticket INTEGER NOT NULL,
                admitted_through INTEGER NOT NULL DEFAULT 0,
                stay_nanos INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE waiting_room_tickets (
                event_id INTEGER NOT NULL,
                ticket INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                admitted_at INTEGER,
                PRIMARY KEY (event_id, ticket)
            ) WITHOUT ROWID;
            CREATE INDEX waiting_room_admitted ON waiting_room_tickets(event_id, admitted_at) WHERE admitted_at IS NOT NULL;
            """),
        SchemaMigration(version: 3, name: "one waiting-room ticket per buyer", sql: """
            CREATE UNIQUE INDEX waiting_room_by_user ON waiting_room_tickets(event_id, user_id);
            """),
    ])

    /// `seats.status`: free, held, sold.
    public enum SeatStatus: Int64, Sendable {
        case free = 0, held = 1, sold = 2
    }

    /// `holds.status`: waiting for its confirm, confirmed, released (by a failed trip).
    public enum HoldStatus: Int64, Sendable {
        case active = 0, confirmed = 1, released = 2
    }

    /// `bookings.status`.
    public enum BookingStatus: Int64, Sendable {
        case confirmed = 0, cancelled = 1
    }

    /// The `seats` column's text for seats of one section: `row.number;row.number`, sorted.
    public static func encodeSeats(_ seats: [Seat]) -> String {
        // Built in place: it runs on every hold and confirm, where interpolating and joining showed in profiles.
        var text = ""
        text.reserveCapacity(seats.count * 8)
        for seat in seats.count < 2 ? seats : seats.sorted() {
            if !text.isEmpty { text.append(";") }
            text.append(String(seat.row))
            text.append(".")
            text.append(String(seat.number))
        }
        return text
    }

    /// Reads back `encodeSeats`' text as seats of `section`.
    public static func decodeSeats(_ text: String, section: Int) -> [Seat] {
        text.split(separator: ";").compactMap { pair in
            let parts = pair.split(separator: ".")
            guard parts.count == 2, let row = Int(parts[0]), let number = Int(parts[1]) else { return nil }
            return Seat(section: section, row: row, number: number)
        }
    }

    /// SQLite integers are signed: ids travel as their bit pattern.
    @inline(__always) public static func sql(_ id: UInt64) -> Int64 { Int64(bitPattern: id) }
    @inline(__always) public static func id(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }
}
