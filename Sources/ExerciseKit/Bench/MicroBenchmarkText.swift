/// How ExerciseKit's micro-benchmarks print figures: two decimals, and ratios as `1.25×`.
enum MicroBenchmarkText {
    /// `value` with two decimals.
    static func format(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }

    /// `value / floor` as `1.25×`; "n/a" without a floor.
    static func ratio(_ value: Double, _ floor: Double) -> String {
        guard floor > 0, floor.isFinite else { return "n/a" }
        return format(value / floor) + "×"
    }
}
