/// The repetitions of one metric in one cell: median with min–max spread.
public struct Spread: Sendable, Hashable {
    /// Every repetition's value, ascending.
    public let sortedValues: [Double]

    /// Nil for no values.
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        sortedValues = finite.sorted()
    }

    public var count: Int { sortedValues.count }
    public var min: Double { sortedValues[0] }
    public var max: Double { sortedValues[sortedValues.count - 1] }

    public var median: Double {
        let middle = sortedValues.count / 2
        if sortedValues.count % 2 == 1 { return sortedValues[middle] }
        return (sortedValues[middle - 1] + sortedValues[middle]) / 2
    }

    /// True when the two min–max ranges share any value.
    public func overlaps(_ other: Spread) -> Bool {
        min <= other.max && other.min <= max
    }
}
