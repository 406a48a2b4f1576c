/// Median with min–max spread, the way every report shows repeated runs.
enum SpreadFormat {
    /// `1.25 ms (1.20–1.31, 5 runs)`, or just `1.25 ms` for a single run.
    static func text(_ spread: Spread, metric: Metric) -> String {
        guard spread.count > 1 else { return metric.format(spread.median) }
        return "\(metric.format(spread.median)) (\(range(spread, metric: metric)), \(spread.count) runs)"
    }

    /// The same without the run count, for tables with a separate runs column; no range when all runs agree.
    static func compact(_ spread: Spread, metric: Metric) -> String {
        guard spread.count > 1, spread.min != spread.max else { return metric.format(spread.median) }
        return "\(metric.format(spread.median)) (\(range(spread, metric: metric)))"
    }

    /// `1.20–1.31` when both ends share the median's unit, `950 ns–1.31 ms` otherwise.
    static func range(_ spread: Spread, metric: Metric) -> String {
        if spread.min == spread.max { return "all " + metric.format(spread.min) }
        let median = metric.format(spread.median)
        var low = metric.format(spread.min)
        var high = metric.format(spread.max)
        let unit = median.drop { $0 != " " }
        if !unit.isEmpty, low.hasSuffix(unit), high.hasSuffix(unit) {
            low.removeLast(unit.count)
            high.removeLast(unit.count)
        }
        return "\(low)–\(high)"
    }
}
