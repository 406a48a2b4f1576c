import BookingExercise
import ExerciseKit

/// A deliberately buggy design and the check that must reject it.
typealias BuggyCase = CheckProof<any BookingService>

/// The designs each BookingService check is proven by: every check fails against at least one.
enum BuggyBookingServices {
    /// Read the seats, then write the hold; read the hold, then sell: right while clients take
    /// turns (the control of the sequential checks), sells seats twice when they race.
    static let checkThenAct = design("check-then-act", "seats read free in one call, held in the next; holds read, then sold, with no condition", CheckThenActBookingService.init)

    static let cases: [BuggyCase] = [
        BuggyCase(
            Implementation("accepts-zero-ttl", "a TTL of zero or less becomes the shortest hold") { AcceptsZeroTTLService(base: try reference($0)) },
            caughtBy: "bad-input-refused", saying: "expected a invalidTTL error, but the call succeeded"
        ),
        BuggyCase(design("cancel-keeps-seats", "cancel leaves the seats sold", CancelKeepsSeatsService.init), caughtBy: "cancel-frees-seat", saying: "after cancelling"),
        BuggyCase(design("holds-never-expire", "a hold claims only seats never held", HoldsNeverExpireService.init), caughtBy: "expired-hold-frees-seats", saying: "seatTaken"),
        BuggyCase(design("rebooking-confirm", "every confirm books again", RebookingConfirmService.init), caughtBy: "idempotent-confirm", saying: "a retry must return the same booking"),
        BuggyCase(
            design("trusting-confirm", "confirm books the seats and user the caller's Hold names", TrustingConfirmService.init),
            caughtBy: "booking-only-for-held-seats", saying: "expected a unknownHold error, but the call succeeded"
        ),
        BuggyCase(
            Implementation("no-compensation", "a trip's legs are booked in turn; a failing leg leaves the others booked") { NoCompensationTripService(base: try reference($0)) },
            caughtBy: "failed-trip-leaves-no-leg", saying: "after a trip failed on its second leg"
        ),
        BuggyCase(design("held-counts-as-free", "availability counts held seats as free", HeldCountsAsFreeService.init), caughtBy: "matches-model", saying: "the specification answers"),
        BuggyCase(
            Implementation("holds-in-memory", "the instance confirms only holds it granted itself") { HoldsInMemoryService(base: try reference($0)) },
            caughtBy: "stateless-service-tier", saying: "a stateless service tier"
        ),
        BuggyCase(checkThenAct, caughtBy: "no-seat-sold-twice", saying: "was sold twice"),
        BuggyCase(checkThenAct, caughtBy: "confirmed-within-capacity", saying: "beyond capacity"),
        BuggyCase(
            design("primary-local-bookings", "confirm commits the booking on the primary node alone", PrimaryLocalBookingService.init),
            caughtBy: "booking-survives-failover", saying: "acknowledged bookings are gone after the failovers"
        ),
    ]

    /// The default reference design (conditional claims, one shard per event, availability from the primary).
    static func reference(_ cluster: Cluster) throws -> ShardedBookingService {
        try ShardedBookingService(cluster: cluster, design: BookingDesign())
    }

    /// A bug wrapped around the default reference design, with the cluster for its own SQL.
    static func design(
        _ name: String, _ summary: String, _ wrap: @escaping @Sendable (ShardedBookingService, Cluster) -> any BookingService
    ) -> Implementation<any BookingService> {
        Implementation(name, summary) { cluster in wrap(try reference(cluster), cluster) }
    }
}
