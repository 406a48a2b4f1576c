import ScaleCoreBenchmarks
import ArgumentParser
import ExerciseKit
import LoadGenerator
import Reporting
import ScaleCore

/// `scalebench micro <name>`: micro-benchmarks of the harness and the core, each figure next to a
/// floor measured in the same run.
struct MicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "micro",
        abstract: "Run micro-benchmarks of the harness and the shared core (use a release build).",
        discussion: "Names: \(MicroBenchmarks.all.map(\.name).joined(separator: ", ")), or all."
    )

    @Argument(help: "Which micro-benchmarks to run (comma list), or all.")
    var names = "all"

    func validate() throws {
        _ = try selected()
    }

    func run() async throws {
        #if DEBUG
        Terminal.printError("warning: this is a debug build; micro-benchmark figures are only meaningful from `swift build -c release`")
        #endif
        for benchmark in try selected() {
            let report = try await Interrupts.cancellingOnInterrupt { try await benchmark.run() }
            print(MicroBenchmarks.render(report))
            print("")
        }
    }

    private func selected() throws -> [MicroBenchmarks.Entry] {
        if names == "all" { return MicroBenchmarks.all }
        return try names.split(separator: ",").map { name in
            guard let entry = MicroBenchmarks.all.first(where: { $0.name == name }) else {
                throw ValidationError("unknown micro-benchmark '\(name)'; use one of \(MicroBenchmarks.all.map(\.name).joined(separator: ", ")), or all")
            }
            return entry
        }
    }
}

/// The micro-benchmarks the CLI knows, by name.
enum MicroBenchmarks {
    struct Entry: Sendable {
        var name: String
        var summary: String
        var run: @Sendable () async throws -> MicroBenchmarkReport
    }

    static let all: [Entry] = [
        Entry(name: "harness", summary: "load generator overhead per op vs a bare clock+record loop") {
            try await LoadGeneratorBenchmarks.harnessOverhead()
        },
        Entry(name: "storage", summary: "node point lookup through the wrapper vs a raw sqlite3_step loop (file WAL and memory)") {
            try StorageBenchmarks.pointLookup()
        },
        Entry(name: "partitioner", summary: "ns per key lookup for hash-mod, ring, range and directory") {
            try ShardingBenchmarks.partitionerLookup()
        },
        Entry(name: "shardmap", summary: "a read routed through the shard map vs straight to the node, and vs a routing lock") {
            try ShardMapBenchmarks.readRouting()
        },
        Entry(name: "network", summary: "simulated link delay accuracy (100µs, 1ms) and the cost of a call over `none`") {
            await NetworkMicroBenchmark.run()
        },
        Entry(name: "network-delays", summary: "constant, uniform, exponential and lognormal delays at 1–64 senders: p50/p99 beside theory") {
            await NetworkDelayAccuracyBenchmark.run()
        },
        Entry(name: "cache", summary: "cache hit ns/op on 1 and 2 threads vs a Dictionary under a lock") {
            CacheMicroBenchmark.run()
        },
        Entry(name: "cache-tier", summary: "a hit through the cluster's cache tier vs a bare network call and an in-process LRU hit; same-zone p50/p99") {
            try await CacheTierMicroBenchmark.run()
        },
        Entry(name: "cluster-queue", summary: "enqueue and delivery through the cluster's queue (network calls to the broker) vs the same WorkQueue in process") {
            try await ClusterQueueMicroBenchmark.run()
        },
        Entry(name: "replication", summary: "replicated write p50/p99: sync vs quorum vs async over same-zone and cross-zone links") {
            try await ReplicationBenchmarks.replicatedWrites()
        },
        Entry(name: "reporting", summary: "reading, comparing and rendering stored results") {
            try ReportingBenchmarks.run()
        },
    ]

    static func render(_ report: MicroBenchmarkReport) -> String {
        var table = TextTable(headers: ["figure", "value", "unit", "compared with"], alignments: [.left, .right, .left, .left])
        for row in report.rows {
            table.append([row.name, Format.threeDigits(row.value), row.unit, row.detail])
        }
        var text = "== \(report.title)\n" + table.render()
        if let verdict = report.verdict { text += "\n" + verdict }
        return text
    }
}
