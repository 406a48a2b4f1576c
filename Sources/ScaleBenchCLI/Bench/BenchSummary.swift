import LoadGenerator

/// What a bench prints after its rows: design metrics (messages per op, shard balance, reshard
/// figures), errors by kind, and per-operation latencies when a mix has several operations.
enum BenchSummary {
    /// Known target metrics, in column order, with their headers and formats.
    static let metricColumns: [(key: String, header: String, format: @Sendable (Double) -> String)] = [
        ("messagesPerOp", "msgs/op", { Format.fixed($0, decimals: 2) }),
        ("shardLoadMaxOverMean", "shard max/mean", { Format.fixed($0, decimals: 2) }),
        ("keysMoved", "keys moved", { "\(Int($0))" }),
        ("keysMovedFraction", "moved %", { Format.fixed($0 * 100, decimals: 1) + "%" }),
        ("reshardMillis", "reshard", { Format.nanos($0 * 1e6) }),
        ("backgroundFailed", "background failed", { $0 > 0 ? "yes" : "no" }),
    ]

    static func render(_ completed: [CompletedCell], executor: BenchExecutor) -> String {
        var sections: [String] = []
        let withMetrics = completed.filter { !$0.result.targetMetrics.isEmpty }
        if !withMetrics.isEmpty {
            let present = metricColumns.filter { column in withMetrics.contains { $0.result.targetMetrics[column.key] != nil } }
            var table = TextTable(headers: ["cell"] + present.map(\.header))
            for done in withMetrics {
                table.append([executor.label(of: done.cell)] + present.map { column in
                    done.result.targetMetrics[column.key].map(column.format) ?? ""
                })
            }
            sections.append("Design metrics:\n" + table.render())
        }
        let failing = completed.filter { $0.result.overall.errorCount > 0 }
        if !failing.isEmpty {
            var lines = ["Errors by kind:"]
            for done in failing {
                let kinds = done.result.overall.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("  \(executor.label(of: done.cell)): \(kinds)")
            }
            sections.append(lines.joined(separator: "\n"))
        }
        let mixed = completed.filter { $0.result.operations.count > 1 }
        if !mixed.isEmpty {
            var table = TextTable(headers: ["cell", "operation", "ops/s", "p50", "p99", "errors"])
            for done in mixed {
                for (name, stats) in done.result.operations.sorted(by: { $0.key < $1.key }) {
                    table.append([
                        executor.label(of: done.cell), name, Format.rate(stats.throughputOpsPerSec),
                        Format.nanos(stats.latency.p50Nanos), Format.nanos(stats.latency.p99Nanos), "\(stats.errorCount)",
                    ])
                }
            }
            sections.append("Per operation:\n" + table.render())
        }
        return sections.isEmpty ? "" : "\n" + sections.joined(separator: "\n\n")
    }
}
