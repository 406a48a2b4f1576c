import BookingExercise
import ExerciseKit
import ScaleCore

/// YOUR BookingService. Read Exercises/Booking/README.md, then replace each `throw Unimplemented()`
/// with real code. `scalebench check booking` tells you which method to write next.
///
/// The harness builds the cluster and hands it to you (the reference designs in
/// Sources/BookingExercise/References/ get exactly the same one and use exactly this API):
/// - `cluster.configuration.shardCount` shards, each a SQLite node (or, with `--replicas 3`, a replica
///   set) with the tables of `BookingSchema.migrations` already created: `events`, `sections`,
///   `seats(event_id, section, seat_row, number, status, hold_id, expires_at, booking_id)`, `holds`,
///   `bookings`; `BookingSchema.encodeSeats(_:)` / `decodeSeats(_:section:)` read and write a seat list.
/// - `try cluster.shardMap()` places keys on shards and is shared by every service instance.
/// - `cluster.write(PartitionKey(eventID)) { connection in ... }` runs one transaction on the primary of
///   the shard that owns the key: `try connection.run("UPDATE seats SET status = 1 WHERE … AND status = 0", …)`
///   returns the rows it changed; throwing from the closure rolls the transaction back.
///   `cluster.read(PartitionKey(eventID), reads: .any) { … }` reads (from any replica: may be stale);
///   `cluster.scatter(keyOf:) { … }` asks every shard at once.
/// - `BookingLimits` has the limits and the checks of a request on its own (TTL, seat list, key, trip).
/// - SQLite integers are signed: bind an id as `Int64(bitPattern: id)`, read it back with
///   `UInt64(bitPattern: row.int64(at: 0))`.
/// - Keep no holds or bookings in this object: `check` builds a second instance over the same
///   cluster (a restarted app server) and requires it to see everything.
public final class MyBookingService: BookingService {
    let cluster: Cluster

    /// May throw: building a partitioner or a `ShardMap` does.
    public init(cluster: Cluster) throws {
        self.cluster = cluster
    }

    public func createEvent(_ event: Event) async throws {
        throw Unimplemented()
    }

    public func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        throw Unimplemented()
    }

    public func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        throw Unimplemented()
    }

    public func cancel(_ booking: Booking) async throws {
        throw Unimplemented()
    }

    public func availability(event: UInt64) async throws -> Availability {
        throw Unimplemented()
    }

    public func bookings(user: UInt64) async throws -> [Booking] {
        throw Unimplemented()
    }

    public func bookTrip(_ legs: [TripLeg], user: UInt64) async throws -> [Booking] {
        throw Unimplemented()
    }
}
