import ExerciseKit

/// The floor: the reference's hold and confirm as plain SQL on one SQLite database with the same
/// tables, as two transactions (a hold and its confirm are two requests): store the hold and
/// claim the seat if free; then mark the hold confirmed, sell the seat, store the booking. No
/// routing, network or service code. Key `k` is the seat `BookingCatalog.manyEvents` names.
enum BookingFloor {
    /// Event, section, row and number of key `?1` (200-seat events of 10 rows of 20).
    static let seatOfKey = "event_id = ?1 / 200 + 1 AND section = 0 AND seat_row = ?1 % 200 / 20 AND number = ?1 % 20"
    static let claim = "UPDATE seats SET status = 1, hold_id = ?3, expires_at = 9000000000000000000 WHERE \(seatOfKey) AND (status = 0 OR (status = 1 AND expires_at <= 0))"
    static let insertHold = "INSERT INTO holds(hold_id, event_id, section, user_id, seats, expires_at, status) VALUES (?3, ?1 / 200 + 1, 0, ?1 % 64, (?1 % 200 / 20) || '.' || (?1 % 20), 9000000000000000000, 0)"
    static let book: [[String]] = [
        [claim, insertHold],
        [
            "INSERT INTO bookings(booking_id, event_id, section, user_id, seats, hold_id, status) VALUES (?3, ?1 / 200 + 1, 0, ?1 % 64, (?1 % 200 / 20) || '.' || (?1 % 20), ?3, 0)",
            "UPDATE holds SET status = 1, booking_id = ?3, idempotency_key = 'k' || ?3 WHERE hold_id = ?3 AND status = 0 AND expires_at > 0 AND event_id = ?1 / 200 + 1 AND section = 0 AND user_id = ?1 % 64",
            "UPDATE seats SET status = 2, booking_id = ?3 WHERE \(seatOfKey) AND status = 1 AND hold_id = ?3",
        ],
    ]

    static let spec = FloorSpec(
        schemaSQL: BookingSchema.migrations.steps.map(\.sql).joined(separator: "\n"),
        populateSQL: "INSERT INTO seats(event_id, section, seat_row, number) VALUES (?1 / 200 + 1, 0, ?1 % 200 / 20, ?1 % 20)",
        operations: [
            "book": .transactions(book, abortingWhenFirstChangesNothing: true),
            "abandon": .transaction([claim, insertHold], abortingWhenFirstChangesNothing: true),
            "availability": .statement("SELECT section, count(*) FROM seats WHERE event_id = ?1 / 200 + 1 AND (status = 0 OR (status = 1 AND expires_at <= 0)) GROUP BY section"),
        ],
        fallbackOperation: "book"
    )
}
