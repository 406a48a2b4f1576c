import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// The routing state machine, driven step by step without threads.
@Suite struct ShardingRoutingTableTests {
    let old: RangePartitioner
    let new: RangePartitioner
    let staying = PartitionKey(hash: 0, order: 120)
    let moving = PartitionKey(hash: 0, order: 170)

    init() throws {
        old = try RangePartitioner(splitPoints: [100], owners: [0, 1])
        // Keys 150 and up move from shard 1 to the new shard 2.
        new = try RangePartitioner(splitPoints: [100, 150], owners: [0, 1, 2])
    }

    @Test func stableRoutesToTheOwnerAndCountsOperations() {
        var table = RoutingTable(old)
        let (ticket, route) = table.admit(moving, writing: true)
        #expect(route == ShardRoute(readShard: 1, writeShard: 1))
        #expect(table.opsInFlight == 1)
        #expect(!ticket.isMovingWrite)
        #expect(table.finish(ticket) == false)
        #expect(table.opsInFlight == 0)
    }

    @Test func migrationWaitsForOperationsAdmittedBeforeIt() throws {
        var table = RoutingTable(old)
        let early = table.admit(moving, writing: true).ticket
        try table.beginMigration(to: new)
        #expect(table.version == 2)
        #expect(!table.isDrained)
        // New operations route by the migration and do not hold the drain up.
        let (late, route) = table.admit(moving, writing: true)
        #expect(route == ShardRoute(readShard: 1, writeShard: 1, secondWriteShard: 2))
        #expect(late.isMovingWrite)
        #expect(table.finish(early) == true)
        #expect(table.isDrained)
        #expect(table.finish(late) == false)
    }

    @Test func copyExcludesWritesToMovingKeysOnly() throws {
        var table = RoutingTable(old)
        try table.beginMigration(to: new)
        let write = table.admit(moving, writing: true).ticket
        try table.beginCopy()
        #expect(!table.canCopy)
        #expect(table.mustWait(moving, writing: true))
        #expect(!table.mustWait(moving, writing: false))
        #expect(!table.mustWait(staying, writing: true))
        // The last moving write finishing lets the copy run.
        #expect(table.finish(write) == true)
        #expect(table.canCopy)
        table.endCopy()
        #expect(!table.mustWait(moving, writing: true))
    }

    @Test func finishFlipsAndAbortReturns() throws {
        var table = RoutingTable(old)
        try table.beginMigration(to: new)
        let reader = table.admit(moving, writing: false).ticket
        try table.finishMigration()
        #expect(table.admit(moving, writing: false).route == ShardRoute(readShard: 2, writeShard: 2))
        #expect(!table.isDrained)
        // No further transition until the reader that may still read the old owner is done.
        #expect(throws: ShardingError.self) { try table.beginMigration(to: old) }
        #expect(table.finish(reader) == true)

        var aborted = RoutingTable(old)
        try aborted.beginMigration(to: new)
        try aborted.abortMigration()
        #expect(aborted.admit(moving, writing: true).route == ShardRoute(readShard: 1, writeShard: 1))
    }

    @Test func misuseIsRefused() throws {
        var table = RoutingTable(old)
        #expect(throws: ShardingError.self) { try table.finishMigration() }
        #expect(throws: ShardingError.self) { try table.abortMigration() }
        #expect(throws: ShardingError.self) { try table.beginCopy() }
        try table.beginMigration(to: new)
        let again = #expect(throws: ShardingError.self) { try table.beginMigration(to: new) }
        #expect(again?.code == .migrationInProgress)
        try table.beginCopy()
        #expect(throws: ShardingError.self) { try table.finishMigration() }
    }
}
