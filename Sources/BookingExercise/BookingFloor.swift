import ExerciseKit

/// The floor: the same hold and confirm as plain SQL on one SQLite database, as two transactions
/// (a hold and its confirm are two requests): claim the seat if free and store the hold; then
/// mark the hold confirmed, sell the seat, store the booking. No routing, network or service code.
enum BookingFloor {
    static let claim = "UPDATE seats SET status = 1, hold_id = ?3, expires_at = 9000000000000000000 WHERE seat_id = ?1 AND status = 0"
    static let insertHold = "INSERT INTO holds(hold_id, seat_id, user_id, seats, expires_at) VALUES (?3, ?1, ?1 % 64, '0.0', 9000000000000000000)"
    static let book: [[String]] = [
        [claim, insertHold],
        [
            "UPDATE holds SET status = 1, booking_id = ?3, idempotency_key = 'k' || ?3 WHERE hold_id = ?3 AND status = 0",
            "UPDATE seats SET status = 2, booking_id = ?3 WHERE seat_id = ?1 AND status = 1 AND hold_id = ?3",
            "INSERT INTO bookings(booking_id, seat_id, user_id, seats, hold_id) VALUES (?3, ?1, ?1 % 64, '0.0', ?3)",
        ],
    ]

    static let spec = FloorSpec(
        schemaSQL: """
            CREATE TABLE seats (seat_id INTEGER PRIMARY KEY, status INTEGER NOT NULL DEFAULT 0, hold_id INTEGER, expires_at INTEGER, booking_id INTEGER);
            CREATE TABLE holds (hold_id INTEGER PRIMARY KEY, seat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, seats TEXT NOT NULL, expires_at INTEGER NOT NULL, status INTEGER NOT NULL DEFAULT 0, booking_id INTEGER, idempotency_key TEXT);
            CREATE TABLE bookings (booking_id INTEGER PRIMARY KEY, seat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, seats TEXT NOT NULL, hold_id INTEGER NOT NULL, status INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX bookings_by_user ON bookings(user_id);
            """,
        populateSQL: "INSERT INTO seats(seat_id) VALUES (?1)",
        operations: [
            "book": .transactions(book, abortingWhenFirstChangesNothing: true),
            "abandon": .transaction([claim, insertHold], abortingWhenFirstChangesNothing: true),
            "availability": .statement("SELECT count(*) FROM seats WHERE seat_id BETWEEN ?1 / 200 * 200 AND ?1 / 200 * 200 + 199 AND status = 0"),
        ],
        fallbackOperation: "book"
    )
}
