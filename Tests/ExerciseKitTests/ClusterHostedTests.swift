import ExerciseKit
import Foundation
import ScaleCore
import Testing

/// Per-node state hosted on a cluster: built once and shared, reached over the network, reopened
/// from its file on restart, closed at shutdown.
@Suite struct ClusterHostedTests {
    /// A tiny durable state: lines appended to the node's file, read back on open.
    final class Journal: Sendable {
        let path: String?
        let lines: Locked<[String]>

        init(_ context: HostedNodeContext) {
            path = context.path
            let stored = context.path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            lines = Locked(stored.split(separator: "\n").map(String.init))
        }

        func append(_ line: String) throws {
            let all = lines.withLock { lines in
                lines.append(line)
                return lines
            }
            if let path { try all.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        }
    }

    @Test func aGroupIsBuiltOnceAndReachedOverTheNetwork() async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 1, storageMode: .memory))
        let opened = Locked(0)
        let open: @Sendable (HostedNodeContext) -> Journal = { context in
            opened.withLock { $0 += 1 }
            return Journal(context)
        }
        let first = try cluster.hostedNodes("journal", count: 3, open: open)
        let second = try cluster.hostedNodes("journal", count: 3, open: open)
        #expect(first === second)
        #expect(opened.value == 3)
        #expect(Set(first.nodeIDs).isDisjoint(with: cluster.nodeIDs))
        #expect(cluster.hostedNodeIDs == first.nodeIDs.sorted())
        let before = cluster.network.counters.snapshot().messages
        try await first.call(first.nodeIDs[1]) { try $0.append("x") }
        #expect(cluster.network.counters.snapshot().messages == before + 2)
        #expect(throws: ClusterError.self) { try cluster.hostedNodes("journal", count: 2, open: open) }
        _ = try cluster.shared("size") { 1 }
        #expect(throws: ClusterError.self) { _ = try cluster.shared("size") { "one" } }
        await cluster.shutdown()
    }

    @Test(arguments: [ClusterConfiguration.StorageMode.file, .memory])
    func restartKeepsWhatThePathPersisted(storage: ClusterConfiguration.StorageMode) async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 1, storageMode: storage))
        let closed = Locked(0)
        let group = try cluster.hostedNodes("journal", count: 1, open: { Journal($0) }, close: { _ in closed.withLock { $0 += 1 } })
        let node = group.nodeIDs[0]
        try await group.call(node) { try $0.append("kept") }
        try await cluster.restartNode(node)
        #expect(closed.value == 1)
        let lines = try await group.call(node) { $0.lines.value }
        #expect(lines == (storage == .file ? ["kept"] : []))
        await cluster.shutdown()
        #expect(closed.value == 2)
        await #expect(throws: ClusterError.self) { try await group.call(node) { $0.lines.value } }
    }

    @Test func sharedPartsAreBuiltOncePerCluster() async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 1, storageMode: .memory))
        let built = Locked(0)
        for _ in 0..<3 {
            _ = try cluster.shared("counter") { built.withLock { $0 += 1 } }
        }
        #expect(built.value == 1)
        await cluster.shutdown()
    }
}
