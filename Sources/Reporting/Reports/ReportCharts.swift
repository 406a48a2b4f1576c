import Foundation
import Histogram

/// Builds the report's charts from result groups.
enum ReportCharts {
    /// Series per chart, so a chart stays readable; more configurations get more charts.
    static let seriesPerChart = 8
    /// Parameters tried first when choosing the x axis of the scaling charts.
    static let preferredScalingParameters = ["shards", "clients", "replicas", "threads", "nodes", "partitions"]

    /// Latency by percentile per configuration (service time dashed for open-loop runs).
    static func latencyCharts(_ groups: [CellGroup], suite: String) -> [LineChart] {
        // A configuration with service times draws two lines.
        let linesPerGroup = groups.contains { $0.mergedServiceTimeHistogram() != nil } ? 2 : 1
        let chunks = chunked(groups, size: seriesPerChart / linesPerGroup)
        let labels = varyingLabels(groups.map(\.key))
        return chunks.enumerated().map { chunkIndex, chunk in
            var series: [ChartSeries] = []
            for (index, group) in chunk.enumerated() {
                let latency = group.mergedLatencyHistogram()
                guard latency.totalCount > 0 else { continue }
                let label = labels[group.key] ?? group.key.configurationLabel
                series.append(ChartSeries(name: label, points: percentilePoints(latency), colorIndex: index, markers: false))
                if let service = group.mergedServiceTimeHistogram(), service.totalCount > 0 {
                    // The kind of line first, so a long label cut short still tells the two apart.
                    series.append(ChartSeries(
                        name: "service time: " + label, points: percentilePoints(service),
                        colorIndex: index, dashed: true, markers: false
                    ))
                }
            }
            let part = chunks.count > 1 ? " (\(chunkIndex + 1) of \(chunks.count))" : ""
            return LineChart(
                title: "\(suite): latency by percentile\(part)", xLabel: "percentile", yLabel: "latency",
                xScale: .percentile, yFormat: { MetricFormat.nanoseconds($0) }, series: series
            )
        }
    }

    static func percentilePoints(_ histogram: Histogram<UInt64>) -> [ChartPoint] {
        histogram.percentiles(ticksPerHalfDistance: 5).map { value in
            ChartPoint(
                x: value.percentileLevelIteratedTo, y: Double(value.value),
                tooltip: "\(MetricFormat.number(value.percentileLevelIteratedTo))%: \(MetricFormat.nanoseconds(Double(value.value)))"
            )
        }
    }

    /// The parameter to chart throughput and p99 against: the requested one, else a preferred
    /// numeric parameter, else any parameter with at least two numeric values; nil when none fits.
    static func scalingParameter(_ groups: [CellGroup], requested: String?) -> String? {
        func numericValueCount(_ name: String) -> Int {
            let values = groups.compactMap { $0.key.value(of: name) }
            guard values.allSatisfy({ Double($0) != nil }) else { return 0 }
            return Set(values).count
        }
        if let requested { return numericValueCount(requested) >= 1 ? requested : nil }
        var names: [String] = []
        for group in groups { for parameter in group.key.parameters where !names.contains(parameter.name) { names.append(parameter.name) } }
        let ordered = preferredScalingParameters.filter(names.contains) + names.filter { !preferredScalingParameters.contains($0) }
        return ordered.first { numericValueCount($0) >= 2 }
    }

    /// `metric` against `parameter`: one line per combination of the other parameters, min–max bars.
    static func scalingChart(_ groups: [CellGroup], suite: String, parameter: String, metric: Metric) -> LineChart {
        let withValue = groups.filter { $0.key.value(of: parameter).flatMap { Double($0) } != nil }
        let labels = Array(Set(withValue.compactMap { $0.key.value(of: parameter) }))
            .sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
        // Series differ by the other parameters; only those that vary name them.
        let otherKey = { (key: CellKey) in CellKey(suite: key.suite, parameters: key.parameters.filter { $0.name != parameter }) }
        let otherLabels = varyingLabels(withValue.map { otherKey($0.key) })
        var seriesNames: [String] = []
        var pointsByName: [String: [ChartPoint]] = [:]
        for group in withValue {
            guard let value = group.key.value(of: parameter), let index = labels.firstIndex(of: value), let spread = group.spread(metric) else { continue }
            let name = otherLabels[otherKey(group.key)] ?? "all"
            if pointsByName[name] == nil { seriesNames.append(name) }
            pointsByName[name, default: []].append(ChartPoint(
                x: Double(index), y: spread.median, low: spread.min, high: spread.max,
                tooltip: "\(name), \(parameter)=\(value): \(SpreadFormat.text(spread, metric: metric))"
            ))
        }
        let series = seriesNames.enumerated().map { index, name in
            ChartSeries(name: name, points: (pointsByName[name] ?? []).sorted { $0.x < $1.x }, colorIndex: index)
        }
        return LineChart(
            title: "\(suite): \(metric.displayName) by \(parameter)", xLabel: "\(parameter) (values evenly spaced, not to scale)", yLabel: metric.displayName,
            xScale: .ordinal(labels), yFormat: { metric.format($0) }, series: series
        )
    }

    /// `metric` along the commits of `history`, one line per configuration of `suite`.
    static func historyCharts(_ history: ResultHistory, suite: String, metric: Metric) -> [LineChart] {
        var keys: [CellKey] = []
        for point in history.points.reversed() {
            for group in point.set.groups(inSuite: suite) where !keys.contains(group.key) { keys.append(group.key) }
        }
        let labels = history.points.map(\.label)
        let names = varyingLabels(keys)
        let chunks = chunked(keys, size: seriesPerChart)
        return chunks.enumerated().map { chunkIndex, chunk in
            let series = chunk.enumerated().map { index, key in
                let points = history.points.enumerated().compactMap { pointIndex, point -> ChartPoint? in
                    guard let spread = point.set.group(for: key)?.spread(metric) else { return nil }
                    return ChartPoint(
                        x: Double(pointIndex), y: spread.median, low: spread.min, high: spread.max,
                        tooltip: "\(point.label) \(point.subject): \(SpreadFormat.text(spread, metric: metric))"
                    )
                }
                return ChartSeries(name: names[key] ?? key.configurationLabel, points: points, colorIndex: index)
            }
            let part = chunks.count > 1 ? " (\(chunkIndex + 1) of \(chunks.count))" : ""
            return LineChart(
                title: "\(suite): \(metric.displayName) across commits\(part)", xLabel: "commit (oldest to newest)",
                yLabel: metric.displayName, xScale: .ordinal(labels), yFormat: { metric.format($0) }, series: series
            )
        }
    }

    /// Each key's label from only the parameters that differ between `keys` ("all" when none do).
    static func varyingLabels(_ keys: [CellKey]) -> [CellKey: String] {
        var names: [String] = []
        for key in keys {
            for parameter in key.parameters where !names.contains(parameter.name) {
                if Set(keys.map { $0.value(of: parameter.name) }).count > 1 { names.append(parameter.name) }
            }
        }
        var labels: [CellKey: String] = [:]
        for key in keys {
            let parts = names.compactMap { name in key.value(of: name).map { "\(name)=\($0)" } }
            labels[key] = parts.isEmpty ? "all" : parts.joined(separator: " ")
        }
        return labels
    }

    static func chunked<T>(_ items: [T], size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: max(1, size)).map { Array(items[$0..<min($0 + max(1, size), items.count)]) }
    }
}
