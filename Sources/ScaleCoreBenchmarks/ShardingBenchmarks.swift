import ScaleSupport
import ScaleStorage
import ScaleNetwork
import ScaleSharding
import ScaleReplication
import ScaleCaching
import ScaleQueue
/// Micro-benchmarks of the partitioners (`scalebench micro partitioner-lookup`).
public enum ShardingBenchmarks {
    /// Nanoseconds per `shard(for:)` for each strategy over `shardCount` shards, on random keys,
    /// against a floor loop that only reads the keys' hashes. Median of `rounds` passes.
    public static func partitionerLookup(
        shardCount: Int = 16, virtualNodeCount: Int = 128, keyCount: Int = 1_000_000, rounds: Int = 7, seed: UInt64 = 1
    ) throws -> MicroBenchmarkReport {
        let shards = ShardID.range(shardCount)
        var generator = SeededGenerator(seed: seed)
        let keys = (0..<keyCount).map { _ in PartitionKey(generator.next()) }
        let ring = try RingPartitioner(shards: shards, virtualNodeCount: virtualNodeCount)
        // A directory with an entry for every 100th key; the rest fall back to the ring.
        var entries: [PartitionKey: ShardID] = [:]
        for index in stride(from: 0, to: keyCount, by: 100) { entries[keys[index]] = shards[index % shardCount] }
        let directory = try DirectoryPartitioner(fallback: ring, entries: entries)
        let hashMod = try HashModPartitioner(shards: shards)
        let range = try RangePartitioner.evenlySplit(shards)

        var floorNanos: [Double] = []
        var nanos: [String: [Double]] = [:]
        var checksum = 0
        for _ in 0..<max(1, rounds) {
            let floor = timeFloor(keys)
            floorNanos.append(floor.nanosPerKey)
            checksum &+= floor.checksum
            for (name, measured) in [
                ("hash-mod", timeLookups(hashMod, keys)),
                ("ring (\(virtualNodeCount) vnodes)", timeLookups(ring, keys)),
                ("ring via AnyPartitioner", timeLookups(AnyPartitioner.ring(ring), keys)),
                ("range", timeLookups(range, keys)),
                ("directory (\(entries.count) entries, ring fallback)", timeLookups(directory, keys)),
            ] {
                nanos[name, default: []].append(measured.nanosPerKey)
                checksum &+= measured.checksum
            }
        }
        let floor = median(floorNanos)
        var rows = [MicroBenchmarkRow(name: "floor: read each key's hash", value: floor, unit: "ns/op",
                                      detail: "\(keyCount) random keys, median of \(rounds) passes")]
        for name in ["hash-mod", "ring (\(virtualNodeCount) vnodes)", "ring via AnyPartitioner", "range",
                     "directory (\(entries.count) entries, ring fallback)"] {
            let value = median(nanos[name] ?? [])
            rows.append(MicroBenchmarkRow(name: name, value: value, unit: "ns/op",
                                          detail: "\(shardCount) shards; \(formatRatio(value / floor)) the floor"))
        }
        return MicroBenchmarkReport(
            title: "Partitioner lookup, ns per key (checksum \(checksum & 0xFFFF))",
            rows: rows,
            verdict: nil
        )
    }

    private struct Timing {
        var nanosPerKey: Double
        var checksum: Int
    }

    private static func timeFloor(_ keys: [PartitionKey]) -> Timing {
        var checksum: UInt64 = 0
        let start = MonotonicClock.nowNanos()
        for key in keys { checksum &+= key.hash & 15 }
        let elapsed = MonotonicClock.nowNanos() - start
        return Timing(nanosPerKey: Double(elapsed) / Double(keys.count), checksum: Int(truncatingIfNeeded: checksum))
    }

    private static func timeLookups<P: Partitioner>(_ partitioner: P, _ keys: [PartitionKey]) -> Timing {
        var checksum = 0
        let start = MonotonicClock.nowNanos()
        for key in keys { checksum &+= partitioner.shard(for: key).rawValue }
        let elapsed = MonotonicClock.nowNanos() - start
        return Timing(nanosPerKey: Double(elapsed) / Double(keys.count), checksum: checksum)
    }
}

/// A ratio with two decimals and an ×, e.g. "3.25×".
func formatRatio(_ value: Double) -> String {
    "\((value * 100).rounded() / 100)×"
}
