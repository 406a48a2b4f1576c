/// One measured figure of a micro-benchmark (`scalebench micro ...`), e.g. "wrapper lookup, 1.2 µs/op".
public struct MicroBenchmarkRow: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    /// Unit of `value`: "ns/op", "ops/s", "µs", "ratio", "%".
    public var unit: String
    /// What the figure is compared with, or how to read it.
    public var detail: String

    public init(name: String, value: Double, unit: String, detail: String = "") {
        self.name = name
        self.value = value
        self.unit = unit
        self.detail = detail
    }
}

/// A micro-benchmark's figures, measured in one run so ratios compare like with like.
public struct MicroBenchmarkReport: Sendable, Hashable, Codable {
    public var title: String
    public var rows: [MicroBenchmarkRow]
    /// One line on whether the stated goal was met, with the measured ratio.
    public var verdict: String?

    public init(title: String, rows: [MicroBenchmarkRow], verdict: String? = nil) {
        self.title = title
        self.rows = rows
        self.verdict = verdict
    }
}
