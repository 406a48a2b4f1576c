import Foundation
import Synchronization
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// The two waits the mover's correctness rests on, on real threads: a batch copy holds back
/// writes to moving keys (and nothing else), and a transition waits for operations admitted
/// before it. "Has not finished yet" is checked after a pause; a broken gate lets the blocked
/// side finish within it, a working one never does, however slow the machine.
@Suite struct ShardingGateTests {
    let old: RangePartitioner
    let new: RangePartitioner
    let staying = 120
    let moving = 170

    init() throws {
        old = try RangePartitioner(splitPoints: [100], owners: [0, 1])
        new = try RangePartitioner(splitPoints: [100, 150], owners: [0, 1, 2])
    }

    func key(_ id: Int) -> PartitionKey { PartitionKey(hash: 0, order: UInt64(id)) }

    @Test func aCopyHoldsBackWritesToMovingKeysOnly() throws {
        let map = try ShardMap(partitioner: old, nodes: ShardingFixture.nodes(old.shards))
        try map.beginMigration(to: new, addingNodes: [2: ShardingFixture.node(2)])
        let movingWritten = TestFlag()
        let stayingWritten = TestFlag()
        let movingRead = TestFlag()
        let group = DispatchGroup()
        let (id, staying) = (moving, self.staying)
        let key = self.key
        try map.withCopyExclusion {
            for (flag, id, writing) in [(movingWritten, id, true), (stayingWritten, staying, true), (movingRead, id, false)] {
                group.enter()
                Thread {
                    if writing {
                        _ = try? map.write(key(id)) { try $0.run(ShardingFixture.upsertUser, id, "u", 1) }
                    } else {
                        _ = try? map.read(key(id)) { try $0.queryOne("SELECT 1") { $0.int64(at: 0) } }
                    }
                    flag.raise()
                    group.leave()
                }.start()
            }
            #expect(stayingWritten.eventually())
            #expect(movingRead.eventually())
            usleep(50_000)
            #expect(!movingWritten.isRaised, "a write to a moving key ran during a copy")
        }
        group.wait()
        #expect(movingWritten.isRaised)
        // The held-back write went to both owners.
        for shard in [ShardID(1), ShardID(2)] {
            let version = try map.node(shard)?.read { try $0.queryOne("SELECT version FROM users WHERE id = ?", id) { $0.int64(at: 0) } }
            #expect(version == 1)
        }
    }

    @Test func aTransitionWaitsForOperationsAdmittedBeforeIt() throws {
        let map = try ShardMap(partitioner: old, nodes: ShardingFixture.nodes(old.shards))
        let readerInside = TestFlag()
        let releaseReader = TestFlag()
        let migrationBegun = TestFlag()
        let group = DispatchGroup()
        let key = self.key(moving)
        group.enter()
        Thread {
            _ = try? map.read(key) { connection -> Int64? in
                readerInside.raise()
                _ = releaseReader.eventually()
                return try connection.queryOne("SELECT 1") { $0.int64(at: 0) }
            }
            group.leave()
        }.start()
        #expect(readerInside.eventually())
        group.enter()
        let newNode = try ShardingFixture.node(2)
        let target = new
        Thread {
            _ = try? map.beginMigration(to: target, addingNodes: [2: newNode])
            migrationBegun.raise()
            group.leave()
        }.start()
        usleep(50_000)
        #expect(!migrationBegun.isRaised, "the migration began while an older read was running")
        releaseReader.raise()
        group.wait()
        #expect(migrationBegun.isRaised)
        #expect(map.phase.isMigrating)
    }
}
