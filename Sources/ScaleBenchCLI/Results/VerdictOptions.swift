import ArgumentParser
import Reporting

/// How a comparison tells changes from noise (`compare`, and the comparison section of `report`).
struct VerdictOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Smallest change that counts, as metric=percent (repeatable or a comma list), e.g. p99=15,throughput=3.",
        discussion: "Metrics: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")). Defaults: "
            + Metric.allCases.map { "\($0.rawValue) \(MetricFormat.setting(CompareOptions().thresholdPercent(for: $0)))%" }.joined(separator: ", ") + ".",
        valueName: "metric=pct"
    ))
    var threshold: [String] = []

    @Option(help: "Significance level of the Mann-Whitney U test (used from 5 runs per side).")
    var alpha = 0.05

    func validate() throws {
        _ = try ReportingFailure.validating { try compareOptions() }
    }

    /// The options with every `--threshold` applied in order, validated.
    func compareOptions() throws -> CompareOptions {
        var options = CompareOptions(alpha: alpha)
        for setting in threshold { try options.applyThresholds(setting) }
        try options.validate()
        return options
    }
}
