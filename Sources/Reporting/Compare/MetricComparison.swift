/// What the comparison of one metric concluded.
public enum Verdict: String, Sendable, Hashable, Codable {
    case improved
    case regressed
    case unchanged
}

/// Why a change is (or is not) told apart from run-to-run noise.
public enum NoiseEvidence: Sendable, Hashable {
    /// Both sides had enough repetitions for the Mann-Whitney U test.
    case rankTest(MannWhitneyResult, alpha: Double)
    /// Too few repetitions: a change counts only when the min–max ranges do not overlap.
    case ranges(overlap: Bool)

    /// True when the difference stands out from the noise.
    public var isSignificant: Bool {
        switch self {
        case .rankTest(let result, let alpha): result.pValue < alpha
        case .ranges(let overlap): !overlap
        }
    }

    /// `p=0.008` or `ranges overlap` / `ranges apart`.
    public var summary: String {
        switch self {
        case .rankTest(let result, _): "p=" + MetricFormat.pValue(result.pValue)
        case .ranges(let overlap): overlap ? "ranges overlap" : "ranges apart"
        }
    }
}

/// One metric of one cell, base against head.
public struct MetricComparison: Sendable, Hashable {
    public var metric: Metric
    public var base: Spread
    public var head: Spread
    /// Change of the head median against the base median, in percent; ±infinity when the base is 0.
    public var changePercent: Double
    /// The larger of the configured threshold and the noise band (see `noiseBandPercent`).
    public var thresholdPercent: Double
    /// How widely the repetitions of either side spread, interquartile range / median in percent
    /// (robust to one outlier run): a change inside the spread one side shows on its own is not
    /// told apart from noise.
    public var noiseBandPercent: Double
    public var noise: NoiseEvidence
    public var verdict: Verdict

    /// Compares the repetitions of one metric.
    public init(metric: Metric, base: Spread, head: Spread, options: CompareOptions) {
        self.metric = metric
        self.base = base
        self.head = head
        changePercent = Self.changePercent(base: base.median, head: head.median)
        noiseBandPercent = max(Self.spreadPercent(base), Self.spreadPercent(head))
        thresholdPercent = max(options.thresholdPercent(for: metric), noiseBandPercent)
        let enoughForRankTest = base.count >= options.minimumRepetitionsForRankTest && head.count >= options.minimumRepetitionsForRankTest
        if enoughForRankTest, let test = MannWhitneyU.test(base.sortedValues, head.sortedValues) {
            noise = .rankTest(test, alpha: options.alpha)
        } else {
            noise = .ranges(overlap: base.overlaps(head))
        }
        verdict = abs(head.median - base.median) < metric.absoluteFloor
            ? .unchanged
            : Self.verdict(metric: metric, changePercent: changePercent, thresholdPercent: thresholdPercent, noise: noise)
    }

    /// Interquartile range / median of one side's repetitions, in percent; 0 for one repetition.
    static func spreadPercent(_ spread: Spread) -> Double {
        guard spread.count > 1, spread.median != 0 else { return 0 }
        return (quartile(spread.sortedValues, 0.75) - quartile(spread.sortedValues, 0.25)) / abs(spread.median) * 100
    }

    /// The `q` quantile of sorted values, interpolating between neighbours.
    static func quartile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// Beyond the threshold and outside the noise: better or worse by the metric's polarity; else unchanged.
    static func verdict(metric: Metric, changePercent: Double, thresholdPercent: Double, noise: NoiseEvidence) -> Verdict {
        guard abs(changePercent) > thresholdPercent, noise.isSignificant else { return .unchanged }
        let grew = changePercent > 0
        switch metric.polarity {
        case .prefersLarger: return grew ? .improved : .regressed
        case .prefersSmaller: return grew ? .regressed : .improved
        }
    }

    static func changePercent(base: Double, head: Double) -> Double {
        if base == head { return 0 }
        if base == 0 { return head > 0 ? .infinity : -.infinity }
        return (head - base) / abs(base) * 100
    }

    /// Why the verdict was reached, one short phrase.
    public var reason: String {
        let beyond = abs(changePercent) > thresholdPercent
        // A noise band is a measurement: one decimal is all it means.
        let threshold = MetricFormat.setting((thresholdPercent * 10).rounded() / 10) + "%"
        if abs(head.median - base.median) < metric.absoluteFloor { return "below \(MetricFormat.setting(metric.absoluteFloor)) \(metric.unit.rawValue)" }
        if !beyond {
            let isNoiseBand = noiseBandPercent > 0 && noiseBandPercent >= thresholdPercent
            return isNoiseBand ? "within the repetitions' noise band (\(threshold))" : "within \(threshold) threshold"
        }
        if !noise.isSignificant { return "beyond \(threshold) but within noise (\(noise.summary))" }
        return "beyond \(threshold), \(noise.summary)"
    }
}
