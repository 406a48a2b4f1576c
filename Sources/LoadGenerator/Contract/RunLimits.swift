/// Upper bounds on every knob of a run. Past them a 2-core machine spends its time (or its
/// threads, or its memory) on the harness instead of the target, so they are refused up front.
public enum RunLimits {
    /// Worker threads: each is a real thread; thousands on a few cores only add scheduling noise.
    public static let threadCountMax = 1_024
    /// Concurrent clients (tasks): 100k clients turned a 200 ms cell into 12.6 s of task start-up.
    public static let clientCountMax = 10_000
    /// Open-loop arrival rate: about what the generator schedules on one core (the harness costs
    /// ~65 ns an op), so a higher rate would measure the generator, not the target.
    public static let ratePerSecondMax: Double = 20_000_000
    /// Measured time per cell: one day.
    public static let durationNanosMax: UInt64 = 86_400_000_000_000
    /// Warm-up per cell: one hour.
    public static let warmupNanosMax: UInt64 = 3_600_000_000_000
    /// Operations per cell.
    public static let operationCountMax: UInt64 = 1_000_000_000_000
    /// Key space size.
    public static let keyCountMax: UInt64 = 1_000_000_000
    /// Value size in bytes: 16 MiB.
    public static let valueSizeBytesMax = 16 << 20

    /// Throws `.invalidConfiguration` when `value` exceeds `limit`, naming the option and its limit.
    static func check<T: Comparable>(_ value: T, atMost limit: T, _ what: String, limitText: String, why: String) throws {
        guard value <= limit else {
            throw LoadGeneratorError(.invalidConfiguration, "\(what) \(value) is above the limit of \(limitText) (\(why)); use a smaller value")
        }
    }
}
