import ScaleSupport
import ScaleStorage
import ScaleNetwork
import ScaleSharding
import ScaleReplication
import ScaleCaching
import ScaleQueue
/// `scalebench micro shardmap`: what routing a read through `ShardMap` costs over reading the
/// right node directly, next to the design its reads used before (one routing lock, taken to
/// admit and to finish each read).
public enum ShardMapBenchmarks {
    /// Point lookups on 4 file-backed WAL nodes (each holds every row, so any route finds it) on
    /// 1, 2 and 4 threads: the floor picks the node with the partitioner itself; `map.read`
    /// routes lock-free; the locked path takes one shared lock before and after the read.
    /// Median of `rounds` passes after a warm-up pass.
    public static func readRouting(
        rowCount: Int = 20_000, lookupsPerThread: Int = 50_000, rounds: Int = 5, seed: UInt64 = 1, directory: String? = nil
    ) throws -> MicroBenchmarkReport {
        let folder = try BenchmarkFolder(parent: directory)
        defer { folder.remove() }
        let ring = try RingPartitioner(shards: ShardID.range(4), virtualNodeCount: 128)
        var nodes: [ShardID: StorageNode] = [:]
        for shard in ring.shards {
            let node = try StorageNode(name: "map-bench-\(shard.rawValue)", options: .file(directory: folder.path, name: "shard\(shard.rawValue)"))
            try fill(node, rowCount: rowCount)
            nodes[shard] = node
        }
        defer { nodes.values.forEach { $0.close() } }
        let map = try ShardMap(partitioner: ring, nodes: nodes)
        var generator = SeededGenerator(seed: seed)
        let keys = (0..<4_096).map { _ in UInt64.random(in: 0..<UInt64(rowCount), using: &generator) }

        let paths: [(name: String, read: @Sendable (UInt64) throws -> Int64)] = [
            ("floor: partitioner + node.read", { [nodes] id in
                guard let node = nodes[ring.shard(for: PartitionKey(id))] else { return 0 }
                return try node.read { try lookup(id, on: $0) }
            }),
            ("map.read (lock-free routing)", { id in
                try map.read(PartitionKey(id)) { try lookup(id, on: $0) }
            }),
            ("routing lock taken to admit and to finish", lockedPath(ring: ring, nodes: nodes)),
        ]

        var rows: [MicroBenchmarkRow] = []
        var verdictParts: [String] = []
        for threads in [1, 2, 4] {
            var nanos = Array(repeating: [Double](), count: paths.count)
            for _ in 0...rounds {
                for (index, path) in paths.enumerated() {
                    nanos[index].append(try nanosPerRead(threads: threads, lookupsPerThread: lookupsPerThread, keys: keys, path.read))
                }
            }
            // The first pass warms page caches and statement caches: not counted.
            let medians = nanos.map { median(Array($0.dropFirst())) }
            let floor = medians[0]
            let perThread = threads == 1 ? "1 thread" : "\(threads) threads, per thread"
            rows.append(MicroBenchmarkRow(name: "\(paths[0].name), \(threads)t", value: floor, unit: "ns/op", detail: perThread))
            for index in 1..<paths.count {
                let added = medians[index] - floor
                rows.append(MicroBenchmarkRow(
                    name: "\(paths[index].name), \(threads)t", value: medians[index], unit: "ns/op",
                    detail: "\(perThread); \(added >= 0 ? "+" : "")\(Int(added.rounded())) ns, \(formatRatio(medians[index] / floor)) the floor"
                ))
            }
            verdictParts.append("\(threads)t \(formatRatio(medians[1] / floor)) vs \(formatRatio(medians[2] / floor))")
        }
        return MicroBenchmarkReport(
            title: "Shard map read routing (4 shards, \(rowCount) rows per node, \(lookupsPerThread) lookups/thread, median of \(rounds))",
            rows: rows,
            verdict: "map.read vs a routing lock, over the floor: " + verdictParts.joined(separator: ", ")
        )
    }

    private static let lookupSQL = "SELECT value FROM kv WHERE id = ?"

    private static func lookup(_ id: UInt64, on connection: SQLiteConnection) throws -> Int64 {
        try connection.queryOne(lookupSQL, Int64(id)) { $0.int64(at: 0) } ?? 0
    }

    /// The design `ShardMap` reads used before: one lock shared by every reader, taken to route
    /// and count the read in, and again to count it out.
    private static func lockedPath(ring: RingPartitioner, nodes: [ShardID: StorageNode]) -> @Sendable (UInt64) throws -> Int64 {
        let inFlight = Locked(0)
        return { id in
            let key = PartitionKey(id)
            let node = inFlight.withLock { count -> StorageNode? in
                count += 1
                return nodes[ring.shard(for: key)]
            }
            defer { inFlight.withLock { $0 -= 1 } }
            guard let node else { return 0 }
            return try node.read { try lookup(id, on: $0) }
        }
    }

    private static func fill(_ node: StorageNode, rowCount: Int) throws {
        try node.write { connection in
            try connection.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
            try connection.withStatement("INSERT INTO kv VALUES (?, ?)") { statement in
                for id in 0..<rowCount {
                    try statement.bind(id, id &* 7)
                    _ = try statement.step()
                    statement.reset()
                }
            }
        }
    }

    /// Wall nanoseconds per read per thread, with `threads` real threads reading at once.
    private static func nanosPerRead(
        threads: Int, lookupsPerThread: Int, keys: [UInt64], _ read: @escaping @Sendable (UInt64) throws -> Int64
    ) throws -> Double {
        let timing = BenchmarkThreads.timePerOperation(threads: threads, operationsPerThread: lookupsPerThread, keys: keys) { key in
            UInt64(bitPattern: try read(key))
        }
        guard timing.failures == 0 else {
            throw StorageError(code: .error, message: "the shard map benchmark's reads failed \(timing.failures) times")
        }
        return timing.nanosPerOperation
    }
}
