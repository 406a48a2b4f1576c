import Foundation

/// One point of a chart series, with an optional min–max bar.
struct ChartPoint: Sendable {
    var x: Double
    var y: Double
    var low: Double? = nil
    var high: Double? = nil
    /// Hover text (an SVG `<title>`), shown by browsers without any script.
    var tooltip: String = ""
}

/// A named line of a chart.
struct ChartSeries: Sendable {
    var name: String
    var points: [ChartPoint]
    /// Palette slot; series sharing a slot share a colour (a latency curve and its service time).
    var colorIndex: Int
    var dashed = false
    /// Draws a dot per point (with its tooltip); dense curves go without.
    var markers = true
}

/// How the x axis maps data to the page.
enum ChartXScale: Sendable {
    /// x is a percentile in [0, 100], drawn at log10(1 / (1 - p)) like HdrHistogram's plotter.
    case percentile
    /// x is an index into these labels, evenly spaced (parameter values, commits).
    case ordinal([String])
}

/// A hand-written SVG line chart: axes, grid, series, min–max bars and a legend; no script.
struct LineChart: Sendable {
    var title: String
    var xLabel: String
    var yLabel: String
    var xScale: ChartXScale
    var yFormat: @Sendable (Double) -> String
    var series: [ChartSeries]

    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    private let width = 760.0
    private let plotLeft = 94.0
    private let plotRight = 740.0
    private let plotTop = 40.0
    private let plotBottom = 320.0
    private let legendRowHeight = 18.0
    /// Highest decade of a percentile axis, computed once (every point's position needs it).
    private let percentileDecades: Double

    init(title: String, xLabel: String, yLabel: String, xScale: ChartXScale, yFormat: @escaping @Sendable (Double) -> String, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yFormat = yFormat
        let finiteSeries = series.map { series in
            var copy = series
            copy.points = series.points.filter { $0.x.isFinite && $0.y.isFinite }
            return copy
        }
        self.series = finiteSeries
        percentileDecades = Self.percentileDecades(finiteSeries)
    }

    /// The chart as an `<svg>` element.
    func render() -> String {
        let xAxisHeight: Double = rotatesXLabels ? 96 : 56
        let legendTop = plotBottom + xAxisHeight
        let height = legendTop + Double(series.count) * legendRowHeight + 12
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        svg += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        svg += "<title>\(Markup.escape(title))</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>"
        svg += "<text x=\"\(Markup.coordinate(width / 2))\" y=\"22\" text-anchor=\"middle\" class=\"chart-title\">\(Markup.escape(title))</text>"
        let yTicks = Self.niceTicks(maximum: yMaximum)
        let yTop = yTicks.last ?? 1
        svg += renderYAxis(ticks: yTicks)
        svg += renderXAxis()
        svg += "<rect x=\"\(Markup.coordinate(plotLeft))\" y=\"\(Markup.coordinate(plotTop))\" width=\"\(Markup.coordinate(plotRight - plotLeft))\" "
        svg += "height=\"\(Markup.coordinate(plotBottom - plotTop))\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>"
        for item in series { svg += renderSeries(item, yTop: yTop) }
        svg += renderLegend(top: legendTop)
        svg += "</svg>"
        return svg
    }

    // MARK: scales

    private var rotatesXLabels: Bool {
        if case .ordinal(let labels) = xScale { return labels.count > 6 || (labels.map(\.count).max() ?? 0) > 8 }
        return false
    }

    private var yMaximum: Double {
        series.flatMap { $0.points.map { max($0.y, $0.high ?? $0.y) } }.max() ?? 0
    }

    /// Highest decade shown on a percentile axis: past the last finite point's 1/(1-p), from 2 (99%) to 6 (99.9999%).
    private static func percentileDecades(_ series: [ChartSeries]) -> Double {
        let finite = series.flatMap(\.points).map(\.x).filter { $0 < 100 }.map(percentileDecade)
        return min(6, max(2, (finite.max() ?? 2).rounded(.up)))
    }

    static func percentileDecade(_ percentile: Double) -> Double {
        percentile >= 100 ? .infinity : log10(100 / (100 - max(0, percentile)))
    }

    private func pixelX(_ x: Double) -> Double {
        switch xScale {
        case .percentile:
            let decade = min(Self.percentileDecade(x), percentileDecades)
            return plotLeft + decade / percentileDecades * (plotRight - plotLeft)
        case .ordinal(let labels):
            let slot = (plotRight - plotLeft) / Double(max(1, labels.count))
            return plotLeft + (x + 0.5) * slot
        }
    }

    private func pixelY(_ y: Double, top: Double) -> Double {
        plotBottom - (top > 0 ? y / top : 0) * (plotBottom - plotTop)
    }

    /// 0 and 4–6 evenly spaced round values (1, 2, 2.5 or 5 × 10^k) covering `maximum`.
    static func niceTicks(maximum: Double) -> [Double] {
        let top = maximum > 0 && maximum.isFinite ? maximum : 1
        let rough = top / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let count = Int((top / step).rounded(.up))
        return (0...max(1, count)).map { Double($0) * step }
    }

    // MARK: parts

    private func renderYAxis(ticks: [Double]) -> String {
        let top = ticks.last ?? 1
        var svg = ""
        for tick in ticks {
            let y = Markup.coordinate(pixelY(tick, top: top))
            svg += "<line x1=\"\(Markup.coordinate(plotLeft))\" y1=\"\(y)\" x2=\"\(Markup.coordinate(plotRight))\" y2=\"\(y)\" class=\"grid\"/>"
            let label = tick == 0 ? "0" : yFormat(tick)
            svg += "<text x=\"\(Markup.coordinate(plotLeft - 6))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\" class=\"tick\">\(Markup.escape(label))</text>"
        }
        let middle = Markup.coordinate((plotTop + plotBottom) / 2)
        svg += "<text x=\"14\" y=\"\(middle)\" transform=\"rotate(-90 14 \(middle))\" text-anchor=\"middle\" class=\"axis-label\">\(Markup.escape(yLabel))</text>"
        return svg
    }

    private func renderXAxis() -> String {
        var ticks: [(x: Double, label: String)] = []
        switch xScale {
        case .percentile:
            let labels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"]
            for decade in 0...Int(percentileDecades) {
                ticks.append((plotLeft + Double(decade) / percentileDecades * (plotRight - plotLeft), labels[decade]))
            }
        case .ordinal(let labels):
            for (index, label) in labels.enumerated() { ticks.append((pixelX(Double(index)), label)) }
        }
        var svg = ""
        let labelY = plotBottom + 16
        for (index, tick) in ticks.enumerated() {
            let x = Markup.coordinate(tick.x)
            svg += "<line x1=\"\(x)\" y1=\"\(Markup.coordinate(plotTop))\" x2=\"\(x)\" y2=\"\(Markup.coordinate(plotBottom))\" class=\"grid\"/>"
            if rotatesXLabels {
                svg += "<text x=\"\(x)\" y=\"\(Markup.coordinate(labelY))\" transform=\"rotate(-40 \(x) \(Markup.coordinate(labelY)))\" text-anchor=\"end\" class=\"tick\">\(Markup.escape(tick.label))</text>"
            } else {
                // A label centred on the plot's right edge would run off the chart: end it there.
                let anchor = index == ticks.count - 1 && tick.x + 40 > width ? "end" : "middle"
                svg += "<text x=\"\(x)\" y=\"\(Markup.coordinate(labelY))\" text-anchor=\"\(anchor)\" class=\"tick\">\(Markup.escape(tick.label))</text>"
            }
        }
        let labelBaseline = plotBottom + (rotatesXLabels ? 88 : 40)
        svg += "<text x=\"\(Markup.coordinate((plotLeft + plotRight) / 2))\" y=\"\(Markup.coordinate(labelBaseline))\" text-anchor=\"middle\" class=\"axis-label\">\(Markup.escape(xLabel))</text>"
        return svg
    }

    private func renderSeries(_ item: ChartSeries, yTop: Double) -> String {
        let color = Self.palette[item.colorIndex % Self.palette.count]
        var svg = "<g class=\"series\"><title>\(Markup.escape(item.name))</title>"
        let coordinates = item.points.map { "\(Markup.coordinate(pixelX($0.x))),\(Markup.coordinate(pixelY($0.y, top: yTop)))" }
        if coordinates.count > 1 {
            let dash = item.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
        }
        for point in item.points {
            let x = pixelX(point.x)
            if let low = point.low, let high = point.high, high > low {
                let top = Markup.coordinate(pixelY(high, top: yTop))
                let bottom = Markup.coordinate(pixelY(low, top: yTop))
                svg += "<path d=\"M\(Markup.coordinate(x - 4)),\(top)H\(Markup.coordinate(x + 4))M\(Markup.coordinate(x)),\(top)V\(bottom)"
                svg += "M\(Markup.coordinate(x - 4)),\(bottom)H\(Markup.coordinate(x + 4))\" stroke=\"\(color)\" stroke-width=\"1\" fill=\"none\"/>"
            }
            if item.markers || item.points.count == 1 {
                svg += "<circle cx=\"\(Markup.coordinate(x))\" cy=\"\(Markup.coordinate(pixelY(point.y, top: yTop)))\" r=\"3.5\" fill=\"\(color)\">"
                svg += "<title>\(Markup.escape(point.tooltip.isEmpty ? item.name : point.tooltip))</title></circle>"
            }
        }
        return svg + "</g>"
    }

    /// Average width of a legend character in pixels (12 px sans-serif), for cutting long names.
    static let legendCharacterWidth = 6.8

    /// `text`, or its start and an ellipsis when longer than `characters`.
    static func fitted(_ text: String, characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(max(1, characters - 1))) + "…"
    }

    private func renderLegend(top: Double) -> String {
        var svg = ""
        for (index, item) in series.enumerated() {
            let y = top + Double(index) * legendRowHeight
            let color = Self.palette[item.colorIndex % Self.palette.count]
            let dash = item.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<line x1=\"\(Markup.coordinate(plotLeft))\" y1=\"\(Markup.coordinate(y + 6))\" x2=\"\(Markup.coordinate(plotLeft + 26))\" "
            svg += "y2=\"\(Markup.coordinate(y + 6))\" stroke=\"\(color)\" stroke-width=\"3\"\(dash)/>"
            // Cut to the chart's width; the whole name stays in the hover title.
            let name = Self.fitted(item.name, characters: Int((width - plotLeft - 40) / Self.legendCharacterWidth))
            svg += "<text x=\"\(Markup.coordinate(plotLeft + 34))\" y=\"\(Markup.coordinate(y + 10))\" class=\"legend\">"
            svg += "<title>\(Markup.escape(item.name))</title>\(Markup.escape(name))</text>"
        }
        return svg
    }
}
