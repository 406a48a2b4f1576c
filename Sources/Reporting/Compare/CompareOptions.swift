/// How `compare` turns two sets of numbers into verdicts.
public struct CompareOptions: Sendable, Hashable {
    /// Smallest change, in percent of the base median, that counts as a change at all.
    public var thresholdsPercent: [Metric: Double]
    /// Significance level of the Mann-Whitney U test.
    public var alpha: Double
    /// Repetitions each side needs before the rank test is used instead of min–max overlap.
    public var minimumRepetitionsForRankTest: Int
    /// Metrics compared, in report order.
    public var metrics: [Metric]

    /// Throughput and p50 5%, p99 10%, p99.9 15%, errors, bytes/op and service p99 10%, live
    /// memory 25%, lag 25%; alpha 0.05; rank test from 5 repetitions. A metric whose repetitions
    /// spread wider than its threshold gets that spread as its threshold (see `MetricComparison`).
    public static let defaultThresholdsPercent: [Metric: Double] = [
        .throughput: 5, .latencyP50: 5, .latencyP99: 10, .latencyP999: 15, .errorCount: 10, .memoryAllocated: 25,
        .allocatedBytesPerOp: 10, .serviceP99: 10, .scheduleLagP99: 25,
    ]

    /// Design metrics (declared by exercises) count beyond 10 % unless their noise band is wider.
    public static let designThresholdPercent = 10.0

    public init(
        thresholdsPercent: [Metric: Double] = CompareOptions.defaultThresholdsPercent,
        alpha: Double = 0.05,
        minimumRepetitionsForRankTest: Int = 5,
        metrics: [Metric] = Metric.comparedByDefault
    ) {
        self.thresholdsPercent = thresholdsPercent
        self.alpha = alpha
        self.minimumRepetitionsForRankTest = minimumRepetitionsForRankTest
        self.metrics = metrics
    }

    /// The threshold for `metric` (the default when none was set).
    public func thresholdPercent(for metric: Metric) -> Double {
        thresholdsPercent[metric] ?? CompareOptions.defaultThresholdsPercent[metric] ?? Self.designThresholdPercent
    }

    /// Applies `metric=percent` settings such as `p99=15,throughput=3` (the `--threshold` option).
    public mutating func applyThresholds(_ text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let metric = Metric(argument: parts[0]), let percent = Double(parts[1].replacingOccurrences(of: "%", with: "")),
                  percent.isFinite, percent >= 0
            else {
                let names = Metric.allCases.map(\.rawValue).joined(separator: ", ")
                throw ReportingError(.invalidOption, "bad threshold '\(item)'; write metric=percent with a metric among \(names), e.g. p99=15")
            }
            thresholdsPercent[metric] = percent
        }
    }

    /// Checks that alpha is in (0, 1) and the repetition minimum is at least 2.
    public func validate() throws {
        guard alpha > 0, alpha < 1 else {
            throw ReportingError(.invalidOption, "alpha \(alpha) is outside (0, 1); pass a significance level such as 0.05")
        }
        guard minimumRepetitionsForRankTest >= 2 else {
            throw ReportingError(.invalidOption, "the rank test needs at least 2 repetitions per side, not \(minimumRepetitionsForRankTest)")
        }
    }
}
