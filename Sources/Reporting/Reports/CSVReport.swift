import LoadGenerator

/// Comma-separated values (RFC 4180) for spreadsheets and plotting scripts.
public enum CSVReport {
    /// One row per cell repetition of every file, raw numbers in base units; parameters become columns.
    public static func results(_ files: [StoredResult]) -> String {
        var parameterNames: [String] = []
        var targetMetricNames: [String] = []
        for stored in files {
            for cell in stored.file.cells {
                for parameter in cell.parameters where !parameterNames.contains(parameter.name) { parameterNames.append(parameter.name) }
                for name in cell.result.targetMetrics.keys.sorted() where !targetMetricNames.contains(name) { targetMetricNames.append(name) }
            }
        }
        let fixed = ["commit", "dirty", "suite", "timestamp_utc", "file", "repetition"]
        let measured = [
            "throughput_ops_per_sec", "operation_count", "error_count", "latency_mean_nanos", "latency_p50_nanos",
            "latency_p90_nanos", "latency_p99_nanos", "latency_p999_nanos", "latency_max_nanos", "memory_allocated_bytes",
            "elapsed_nanos", "allocated_bytes_per_op", "offered_rate_per_sec", "skipped_count",
            "service_p50_nanos", "service_p99_nanos", "schedule_lag_p50_nanos", "schedule_lag_p99_nanos",
            "cpu_process_nanos", "cpu_wall_nanos",
        ]
        var lines = [row(fixed + parameterNames.map { "param_" + $0 } + measured + targetMetricNames.map { "target_" + $0 })]
        for stored in files {
            let file = stored.file
            for cell in file.cells {
                let result = cell.result
                let latency = result.overall.latency
                let values = [
                    number(result.overall.throughputOpsPerSec), String(result.overall.count), String(result.overall.errorCount),
                    number(latency.meanNanos), String(latency.p50Nanos), String(latency.p90Nanos), String(latency.p99Nanos),
                    String(latency.p999Nanos), String(latency.maxNanos), result.memory.allocatedBytes.map(String.init) ?? "",
                    String(result.elapsedNanos),
                ] + scheduleAndAllocationValues(result)
                let parameters = parameterNames.map { name in cell.parameters.first { $0.name == name }?.value ?? "" }
                let header = [file.commit, String(file.dirty), file.suite, file.timestampUTC, stored.url.lastPathComponent, cell.repetition.map(String.init) ?? ""]
                lines.append(row(header + parameters + values + targetMetricNames.map { result.targetMetrics[$0].map(number) ?? "" }))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Bytes per op, the open-loop figures (empty in closed loop), then the process's CPU.
    private static func scheduleAndAllocationValues(_ result: RunResult) -> [String] {
        let service = result.overall.serviceTime
        let lag = result.scheduleLag
        let skipped: String = result.offeredRatePerSec == nil ? "" : String(result.skippedCount)
        var values: [String] = [result.memory.allocatedBytesPerOp.map(number) ?? "", result.offeredRatePerSec.map(number) ?? "", skipped]
        values += [service.map { String($0.p50Nanos) } ?? "", service.map { String($0.p99Nanos) } ?? ""]
        values += [lag.map { String($0.p50Nanos) } ?? "", lag.map { String($0.p99Nanos) } ?? ""]
        values += [result.cpu.map { String($0.processNanos) } ?? "", result.cpu.map { String($0.wallNanos) } ?? ""]
        return values
    }

    /// One row per compared metric, then one per cell only one side has (verdict `only-in-base` / `only-in-head`).
    public static func comparison(_ comparison: ResultComparison) -> String {
        var lines = [row([
            "suite", "configuration", "metric", "polarity", "base_median", "base_min", "base_max", "base_runs",
            "head_median", "head_min", "head_max", "head_runs", "change_percent", "threshold_percent", "p_value", "verdict",
        ])]
        for cell in comparison.cells {
            for metric in cell.metrics {
                var pValue = ""
                if case .rankTest(let test, _) = metric.noise { pValue = number(test.pValue) }
                lines.append(row([
                    cell.key.suite, cell.key.configurationLabel, metric.metric.rawValue, metric.metric.polarity.rawValue,
                    number(metric.base.median), number(metric.base.min), number(metric.base.max), String(metric.base.count),
                    number(metric.head.median), number(metric.head.min), number(metric.head.max), String(metric.head.count),
                    number(metric.changePercent), number(metric.thresholdPercent), pValue, metric.verdict.rawValue,
                ]))
            }
        }
        let oneSided = comparison.onlyInBase.map { ($0, "only-in-base") } + comparison.onlyInHead.map { ($0, "only-in-head") }
        for (key, verdict) in oneSided {
            lines.append(row([key.suite, key.configurationLabel] + Array(repeating: "", count: 13) + [verdict]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// Quotes a field when it holds a comma, quote or line break; quotes inside are doubled.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Full precision, `inf`/`-inf` for unbounded changes.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
