import Histogram
import LoadGenerator

/// How much of each result file a scan decodes.
public enum ScanDetail: Sendable, Hashable {
    /// Everything, histograms and timelines included (charts of latency curves, `.hgrm` files, re-writing).
    case full
    /// Everything except histograms and timelines, about ten times faster on real files: enough for
    /// listings, comparisons and history. Histograms come back empty and timelines as `[]`.
    case metricsOnly
}

/// The result schema minus histograms and timelines; JSON decoding skips what a type does not declare.
struct MetricsOnlyResultFile: Decodable {
    struct Cell: Decodable {
        var parameters: [CellParameter]
        var repetition: Int?
        var result: Run
    }

    struct Run: Decodable {
        var configuration: RunConfiguration
        var elapsedNanos: UInt64
        var overall: Stats
        var operations: [String: Stats]
        var memory: MemoryStats
        var scheduleLag: ScheduleLag?
        var cpu: CPUUse?
        var targetMetrics: [String: Double]
        var targetMetricDeclarations: [TargetMetric]?
    }

    struct Stats: Decodable {
        var count: UInt64
        var errorsByKind: [String: UInt64]
        var throughputOpsPerSec: Double
        var latency: LatencySummary
        var serviceTime: LatencySummary?
    }

    var schemaVersion: Int
    var suite: String
    var commit: String
    var dirty: Bool
    var commitSubject: String
    var timestampUTC: String
    var machine: MachineInfo
    var toolchain: ToolchainInfo
    var seed: UInt64
    var cells: [Cell]
    var parameterDefaults: [String: [String: String]]?

    /// Stands in for every left-out histogram.
    private static let emptyHistogram = EncodedHistogram(Histogram<UInt64>())

    /// The file with empty histograms and timelines.
    var resultFile: ResultFile {
        var file = ResultFile(
            suite: suite, revision: RevisionInfo(commit: commit, dirty: dirty, subject: commitSubject), timestampUTC: timestampUTC,
            machine: machine, toolchain: toolchain, seed: seed,
            cells: cells.map { cell in
                let run = cell.result
                var result = RunResult(
                    configuration: run.configuration, elapsedNanos: run.elapsedNanos, overall: Self.stats(run.overall),
                    operations: run.operations.mapValues(Self.stats), timeline: [], memory: run.memory,
                    scheduleLag: run.scheduleLag, targetMetrics: run.targetMetrics,
                    targetMetricDeclarations: run.targetMetricDeclarations
                )
                result.cpu = run.cpu
                return ResultCell(parameters: cell.parameters, repetition: cell.repetition, result: result)
            }
        )
        file.schemaVersion = schemaVersion
        file.parameterDefaults = parameterDefaults
        return file
    }

    private static func stats(_ stats: Stats) -> OperationStats {
        OperationStats(
            count: stats.count, errorsByKind: stats.errorsByKind, throughputOpsPerSec: stats.throughputOpsPerSec,
            latency: stats.latency, serviceTime: stats.serviceTime, latencyHistogram: emptyHistogram,
            serviceTimeHistogram: stats.serviceTime == nil ? nil : emptyHistogram
        )
    }
}
