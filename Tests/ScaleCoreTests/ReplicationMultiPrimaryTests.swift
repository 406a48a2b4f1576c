import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A thread-free multi-primary cluster: messages are pumped by hand, shuffled, dropped and
/// duplicated from a seeded generator.
struct MultiPrimaryTestCluster {
    var nodes: [MultiPrimaryStateMachine]
    var queue: [(from: ReplicaID, to: ReplicaID, message: MultiPrimaryMessage)] = []
    var stored: [[RowKey: [RowVersion]]]
    var nowNanos: UInt64 = 1_000_000_000
    var skewNanos: [Int64]
    var generator: SeededGenerator
    var nextRequestID: UInt64 = 0

    init(count: Int, policy: ConflictPolicy, seed: UInt64 = 1, skewNanos: [Int64]? = nil) {
        let members = (0..<count).map(ReplicaID.init)
        nodes = members.map { MultiPrimaryStateMachine(id: $0, configuration: .init(members: members, policy: policy, retransmitTimeoutNanos: 10_000)) }
        stored = Array(repeating: [:], count: count)
        self.skewNanos = skewNanos ?? Array(repeating: 0, count: count)
        generator = SeededGenerator(seed: seed)
    }

    func physical(_ node: Int) -> UInt64 { UInt64(Int64(nowNanos) + skewNanos[node]) }

    mutating func handle(_ node: Int, _ event: MultiPrimaryStateMachine.Event) {
        for action in nodes[node].handle(event, nowNanos: physical(node)) {
            switch action {
            case .store(let row, let versions): stored[node][row] = versions
            case .send(let to, let message): queue.append((ReplicaID(node), to, message))
            case .acknowledge: break
            }
        }
    }

    mutating func write(at node: Int, key: String, value: String?, context: VersionVector? = nil) {
        nextRequestID += 1
        handle(node, .write(requestID: nextRequestID, change: RowChange(table: "t", key: key, value: value.map { Array($0.utf8) }), context: context))
    }

    /// Delivers everything queued, shuffled; drops and duplicates with the given probabilities.
    mutating func deliver(dropProbability: Double = 0, duplicateProbability: Double = 0) {
        while !queue.isEmpty {
            let message = queue.remove(at: Int(generator.next() % UInt64(queue.count)))
            if generator.nextUnitDouble() < dropProbability { continue }
            if generator.nextUnitDouble() < duplicateProbability { queue.append(message) }
            handle(message.to.rawValue, .message(from: message.from, message.message))
        }
    }

    /// Ticks and delivers until nothing is left unacknowledged (bounded).
    mutating func settle(dropProbability: Double = 0) {
        for _ in 0..<200 {
            deliver(dropProbability: dropProbability)
            if nodes.allSatisfy({ $0.unacknowledgedCount == 0 }) { return }
            nowNanos += 20_000
            for node in nodes.indices { handle(node, .tick) }
        }
    }

    func values(_ key: String, at node: Int) -> [String?] {
        nodes[node].versions(of: RowKey(table: "t", key: key)).map { $0.value.map { String(decoding: $0, as: UTF8.self) } }
    }
}

@Suite struct ReplicationMultiPrimaryTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func lastWriterWinsConvergesUnderReorderingLossAndDuplicates(seed: UInt64) {
        var cluster = MultiPrimaryTestCluster(count: 3, policy: .lastWriterWins, seed: seed, skewNanos: [0, -3_000, 2_000])
        var generator = SeededGenerator(seed: seed &+ 100)
        var allWrites: [RowKey: [RowVersion]] = [:]
        for round in 0..<300 {
            let node = Int(generator.next() % 3)
            let key = "k\(generator.next() % 5)"
            cluster.nowNanos += generator.next() % 2_000
            let value: String? = generator.next() % 10 == 0 ? nil : "v\(round)"
            let before = cluster.nodes[node].localWriteCount
            cluster.write(at: node, key: key, value: value)
            #expect(cluster.nodes[node].localWriteCount == before + 1)
            let version = cluster.nodes[node].versions(of: RowKey(table: "t", key: key))[0]
            allWrites[RowKey(table: "t", key: key), default: []].append(version)
            if generator.next() % 4 == 0 { cluster.deliver(dropProbability: 0.3, duplicateProbability: 0.1) }
        }
        cluster.settle(dropProbability: 0.2)
        for (row, writes) in allWrites {
            let winner = writes.max { $1.winsOver($0) }!
            for node in 0..<3 {
                let versions = cluster.nodes[node].versions(of: row)
                #expect(versions.count == 1)
                #expect(versions.first?.timestamp == winner.timestamp && versions.first?.origin == winner.origin)
                #expect(versions.first?.value == winner.value)
                #expect(cluster.stored[node][row] == versions, "storage holds what the machine resolved")
            }
        }
        #expect(cluster.nodes.map(\.conflictCount).reduce(0, +) > 0, "concurrent writes were detected")
    }

    @Test func causallyOrderedWritesAreNotConflicts() {
        for policy in [ConflictPolicy.lastWriterWins, .siblings] {
            var cluster = MultiPrimaryTestCluster(count: 3, policy: policy)
            cluster.write(at: 0, key: "a", value: "first")
            cluster.settle()
            cluster.write(at: 1, key: "a", value: "second")
            cluster.settle()
            for node in 0..<3 { #expect(cluster.values("a", at: node) == ["second"]) }
            #expect(cluster.nodes.map(\.conflictCount) == [0, 0, 0])
        }
    }

    @Test func hybridClocksLetACausallyLaterWriteWinDespiteASlowClock() {
        // Node 1's physical clock is 5 ms behind node 0's.
        var cluster = MultiPrimaryTestCluster(count: 2, policy: .lastWriterWins, skewNanos: [0, -5_000_000])
        cluster.write(at: 0, key: "a", value: "from fast clock")
        cluster.settle()
        cluster.nowNanos += 1_000
        cluster.write(at: 1, key: "a", value: "later, from slow clock")
        cluster.settle()
        // Physical timestamps alone would have kept node 0's value (1 µs later in true time, 5 ms earlier on node 1's clock).
        #expect(cluster.values("a", at: 0) == ["later, from slow clock"])
        #expect(cluster.values("a", at: 1) == ["later, from slow clock"])
    }

    @Test func siblingsKeepConcurrentWritesUntilTheApplicationMerges() {
        var cluster = MultiPrimaryTestCluster(count: 3, policy: .siblings)
        cluster.write(at: 0, key: "cart", value: "apple")
        cluster.write(at: 1, key: "cart", value: "pear")
        cluster.settle()
        for node in 0..<3 { #expect(Set(cluster.values("cart", at: node)) == ["apple", "pear"]) }
        #expect(cluster.nodes[0].conflictCount == 1 && cluster.nodes[1].conflictCount == 1)
        // The application reads both, merges, and writes with the siblings' merged vector as context.
        let siblings = cluster.nodes[2].versions(of: RowKey(table: "t", key: "cart"))
        let context = RowVersion.context(of: siblings)
        cluster.write(at: 2, key: "cart", value: "apple+pear", context: context)
        cluster.settle()
        for node in 0..<3 { #expect(cluster.values("cart", at: node) == ["apple+pear"]) }
    }

    @Test func aWriteWithAStaleContextBecomesASibling() {
        var cluster = MultiPrimaryTestCluster(count: 2, policy: .siblings)
        cluster.write(at: 0, key: "a", value: "one")
        cluster.settle()
        cluster.write(at: 0, key: "a", value: "two")
        // A client that read "one" long ago writes with that old context.
        cluster.write(at: 0, key: "a", value: "three", context: VersionVector())
        #expect(Set(cluster.values("a", at: 0)) == ["two", "three"])
        cluster.settle()
        #expect(Set(cluster.values("a", at: 1)) == ["two", "three"])
    }

    @Test(arguments: [4, 5] as [UInt64])
    func siblingsConvergeUnderFaults(seed: UInt64) {
        var cluster = MultiPrimaryTestCluster(count: 3, policy: .siblings, seed: seed)
        var generator = SeededGenerator(seed: seed)
        for round in 0..<200 {
            cluster.write(at: Int(generator.next() % 3), key: "k\(generator.next() % 4)", value: "v\(round)")
            if generator.next() % 3 == 0 { cluster.deliver(dropProbability: 0.3, duplicateProbability: 0.2) }
        }
        cluster.settle(dropProbability: 0.2)
        for key in (0..<4).map({ "k\($0)" }) {
            let reference = cluster.nodes[0].versions(of: RowKey(table: "t", key: key))
            #expect(!reference.isEmpty)
            for node in 1..<3 { #expect(cluster.nodes[node].versions(of: RowKey(table: "t", key: key)) == reference) }
            // Siblings are pairwise concurrent.
            for (i, a) in reference.enumerated() {
                for b in reference[(i + 1)...] { #expect(a.isConcurrent(with: b)) }
            }
        }
    }

    @Test func deletesReplicateAsTombstones() {
        var cluster = MultiPrimaryTestCluster(count: 2, policy: .lastWriterWins)
        cluster.write(at: 0, key: "a", value: "x")
        cluster.settle()
        cluster.write(at: 1, key: "a", value: nil)
        cluster.settle()
        #expect(cluster.values("a", at: 0) == [nil])
    }

    @Test func resendsUntilAcknowledged() {
        var cluster = MultiPrimaryTestCluster(count: 2, policy: .lastWriterWins)
        cluster.write(at: 0, key: "a", value: "x")
        cluster.queue.removeAll()
        #expect(cluster.nodes[0].unacknowledgedCount == 1)
        cluster.handle(0, .tick)
        #expect(cluster.queue.isEmpty, "not due yet")
        cluster.nowNanos += 10_000
        cluster.handle(0, .tick)
        #expect(cluster.queue.count == 1)
        cluster.deliver()
        #expect(cluster.nodes[0].unacknowledgedCount == 0)
        #expect(cluster.values("a", at: 1) == ["x"])
        cluster.nowNanos += 100_000
        cluster.handle(0, .tick)
        #expect(cluster.queue.isEmpty, "acknowledged rows are not resent")
    }
}
