import LoadGenerator
import Reporting

/// What a bench prints after its rows: design metrics (messages per op, shard balance, reshard
/// figures), errors by kind, and per-operation latencies when a mix has several operations.
enum BenchSummary {
    static func render(_ completed: [CompletedCell], executor: BenchExecutor) -> String {
        var sections: [String] = []
        let withMetrics = completed.filter { !$0.result.targetMetrics.isEmpty }
        if !withMetrics.isEmpty {
            let columns = metricColumns(withMetrics.map(\.result))
            // Tables of a few columns each, so a wide set of metrics stays readable on a terminal.
            let tables = stride(from: 0, to: columns.count, by: metricColumnsPerTable).map { start in
                let chunk = columns[start..<min(columns.count, start + metricColumnsPerTable)]
                var table = TextTable(headers: ["cell"] + chunk.map(\.label))
                for done in withMetrics {
                    table.append([executor.label(of: done)] + chunk.map { column in
                        done.result.targetMetrics[column.name].map { MetricFormat.target($0, unit: column.unit) } ?? ""
                    })
                }
                return table.render()
            }
            sections.append("Design metrics:\n" + tables.joined(separator: "\n"))
        }
        let failing = completed.filter { $0.result.overall.errorCount > 0 }
        if !failing.isEmpty {
            var lines = ["Errors by kind:"]
            for done in failing {
                let kinds = done.result.overall.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("  \(executor.label(of: done)): \(kinds)")
            }
            sections.append(lines.joined(separator: "\n"))
        }
        let mixed = completed.filter { $0.result.operations.count > 1 }
        if !mixed.isEmpty {
            var table = TextTable(headers: ["cell", "operation", "ops/s", "p50", "p99", "errors"])
            for done in mixed {
                for (name, stats) in done.result.operations.sorted(by: { $0.key < $1.key }) {
                    table.append([
                        executor.label(of: done), name, Format.rate(stats.throughputOpsPerSec),
                        Format.nanos(stats.latency.p50Nanos), Format.nanos(stats.latency.p99Nanos), "\(stats.errorCount)",
                    ])
                }
            }
            sections.append("Per operation:\n" + table.render())
        }
        return sections.isEmpty ? "" : "\n" + sections.joined(separator: "\n\n")
    }

    /// Metric columns per design-metrics table.
    static let metricColumnsPerTable = 8

    /// One column per reported metric, in the order the targets declared them; undeclared ones
    /// after them, by name, as ratios. Columns where every cell reads 0 for a flag are left out.
    static func metricColumns(_ results: [RunResult]) -> [TargetMetric] {
        var columns: [TargetMetric] = []
        for declared in results.flatMap(\.declaredMetrics) where !columns.contains(where: { $0.name == declared.name }) {
            columns.append(declared)
        }
        let undeclared = Set(results.flatMap(\.targetMetrics.keys)).subtracting(columns.map(\.name)).sorted()
        columns += undeclared.map { TargetMetric($0, label: $0, unit: .ratio, polarity: nil) }
        return columns.filter { column in
            column.unit != .flag || results.contains { ($0.targetMetrics[column.name] ?? 0) > 0 }
        }
    }
}
