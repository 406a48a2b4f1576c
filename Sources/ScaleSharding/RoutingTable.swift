import ScaleSupport
import ScaleStorage
/// The shard map's routing state machine: the phase, a version bumped at every transition, and
/// the operations in flight, so a transition can wait until nobody still routes by the layout
/// before it. Pure: `ShardMap` runs it under a lock and does the waiting; tests drive it directly.
///
/// Protocol: `beginMigration` (wait for `isDrained`), copy batches between `beginCopy` (wait for
/// `canCopy`) and `endCopy`, then `finishMigration` (wait for `isDrained`, then delete the moved
/// rows from their old owners) or `abortMigration`. While a batch copies, writes to moving keys
/// wait (`mustWait`), so a copied row can never overwrite a newer write or resurrect a delete.
public struct RoutingTable<P: Partitioner>: Sendable {
    /// An admitted operation, handed back to `finish`.
    public struct Ticket: Sendable, Hashable {
        /// The routing version the operation was admitted under.
        public var version: UInt64
        /// True for a write to a moving key (a batch copy waits for these).
        public var isMovingWrite: Bool
    }

    public private(set) var phase: RoutingPhase<P>
    /// Bumped by every transition.
    public private(set) var version: UInt64 = 1
    /// Operations admitted under `version`, not finished yet.
    public private(set) var opsInFlight = 0
    /// Operations admitted under `version - 1`, not finished yet.
    public private(set) var opsInFlightBefore = 0
    /// Writes to moving keys not finished yet.
    public private(set) var movingWritesInFlight = 0
    /// True between `beginCopy` and `endCopy`.
    public private(set) var isCopying = false

    public init(_ partitioner: P) {
        phase = .stable(partitioner)
    }

    /// True when the operation must wait before `admit`: a write to a moving key during a copy.
    @inlinable
    public func mustWait(_ key: PartitionKey, writing: Bool) -> Bool {
        writing && isCopying && phase.route(key).isMoving
    }

    /// Admits an operation on `key` (call only when `mustWait` is false) and returns its route.
    public mutating func admit(_ key: PartitionKey, writing: Bool) -> (ticket: Ticket, route: ShardRoute) {
        let route = phase.route(key)
        let isMovingWrite = writing && route.isMoving
        assert(!(isMovingWrite && isCopying), "a write to a moving key was admitted during a copy")
        opsInFlight += 1
        if isMovingWrite { movingWritesInFlight += 1 }
        return (Ticket(version: version, isMovingWrite: isMovingWrite), route)
    }

    /// Admits an operation that reads every shard (a scatter-gather) under the current phase.
    public mutating func admitScan() -> Ticket {
        opsInFlight += 1
        return Ticket(version: version, isMovingWrite: false)
    }

    /// Ends an admitted operation. Returns true when a waiter may be able to go on.
    public mutating func finish(_ ticket: Ticket) -> Bool {
        var wakes = false
        if ticket.version == version {
            opsInFlight -= 1
        } else {
            assert(ticket.version == version - 1, "a ticket outlived two transitions")
            opsInFlightBefore -= 1
            wakes = opsInFlightBefore == 0
        }
        if ticket.isMovingWrite {
            movingWritesInFlight -= 1
            wakes = wakes || (movingWritesInFlight == 0 && isCopying)
        }
        return wakes
    }

    /// True when no operation admitted before the last transition is still running.
    public var isDrained: Bool { opsInFlightBefore == 0 }

    /// True when a batch may copy: no write to a moving key is running.
    public var canCopy: Bool { movingWritesInFlight == 0 }

    /// Starts migrating to `target`; then wait for `isDrained`.
    public mutating func beginMigration(to target: P) throws {
        guard case .stable(let current) = phase else {
            throw ShardingError(.migrationInProgress, "a migration is already in progress")
        }
        try transition(to: .migrating(from: current, to: target))
    }

    /// Marks a batch copy as running; then wait for `canCopy`.
    public mutating func beginCopy() throws {
        guard phase.isMigrating else { throw ShardingError(.notMigrating, "copying needs a migration in progress") }
        guard !isCopying else { throw ShardingError(.migrationInProgress, "a batch is already copying") }
        isCopying = true
    }

    /// Ends a batch copy; writes waiting on it may go on.
    public mutating func endCopy() {
        isCopying = false
    }

    /// Flips to the new layout; then wait for `isDrained` before deleting moved rows.
    public mutating func finishMigration() throws {
        guard case .migrating(_, let new) = phase else { throw ShardingError(.notMigrating, "no migration to finish") }
        try transition(to: .stable(new))
    }

    /// Returns to the old layout; then wait for `isDrained` before deleting copied rows.
    public mutating func abortMigration() throws {
        guard case .migrating(let old, _) = phase else { throw ShardingError(.notMigrating, "no migration to abort") }
        try transition(to: .stable(old))
    }

    private mutating func transition(to next: RoutingPhase<P>) throws {
        guard isDrained else {
            throw ShardingError(.migrationInProgress, "operations from before the last transition are still running")
        }
        guard !isCopying else { throw ShardingError(.migrationInProgress, "a batch is still copying") }
        phase = next
        version += 1
        opsInFlightBefore = opsInFlight
        opsInFlight = 0
    }
}
