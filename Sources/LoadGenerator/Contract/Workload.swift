/// A weighted mix of named operations, e.g. 95% `get` and 5% `update`.
public struct OperationMix: Sendable, Hashable, Codable {
    /// One named operation and its relative weight (weights need not sum to 1).
    public struct Entry: Sendable, Hashable, Codable {
        public var name: String
        public var weight: Double
        public init(name: String, weight: Double) {
            self.name = name
            self.weight = weight
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// A mix with a single operation.
    public static func single(_ name: String) -> OperationMix { OperationMix([Entry(name: name, weight: 1)]) }
}

/// How keys are drawn from `0..<keyCount` (the YCSB request distributions and two more).
public enum KeyDistributionSpec: Sendable, Hashable, Codable {
    case uniform
    /// Popular keys are the low key numbers (Gray et al., as YCSB).
    case zipfian(theta: Double)
    /// Zipfian ranks hashed over the key space so hot keys are spread out.
    case scrambledZipfian(theta: Double)
    /// Skewed towards the most recently inserted keys.
    case latest(theta: Double)
    /// `hotOpFraction` of operations go to the first `hotKeyFraction` of keys.
    case hotspot(hotKeyFraction: Double, hotOpFraction: Double)
    /// 0, 1, 2, ... wrapping at keyCount.
    case sequential

    /// The zipfian constant YCSB uses by default.
    public static let defaultTheta = 0.99
}

/// Everything that determines which operations a run issues.
public struct Workload: Sendable, Hashable, Codable {
    public var mix: OperationMix
    public var keyCount: UInt64
    public var keyDistribution: KeyDistributionSpec
    /// Value sizes are drawn uniformly from this closed range.
    public var valueSizeBytesMin: Int
    public var valueSizeBytesMax: Int
    /// Measured phase length; the run also stops at `operationCount` when that is set.
    public var durationNanos: UInt64
    public var operationCount: UInt64?
    /// Warm-up before the measured phase; its operations are not recorded.
    public var warmupNanos: UInt64
    public var seed: UInt64

    public init(
        mix: OperationMix,
        keyCount: UInt64,
        keyDistribution: KeyDistributionSpec = .uniform,
        valueSizeBytesMin: Int = 100,
        valueSizeBytesMax: Int = 100,
        durationNanos: UInt64 = 5_000_000_000,
        operationCount: UInt64? = nil,
        warmupNanos: UInt64 = 0,
        seed: UInt64
    ) {
        self.mix = mix
        self.keyCount = keyCount
        self.keyDistribution = keyDistribution
        self.valueSizeBytesMin = valueSizeBytesMin
        self.valueSizeBytesMax = valueSizeBytesMax
        self.durationNanos = durationNanos
        self.operationCount = operationCount
        self.warmupNanos = warmupNanos
        self.seed = seed
    }
}

/// Closed loop (each client issues its next op when the last completes) or open loop (a fixed
/// arrival rate; latency measured from each op's intended start, coordinated-omission corrected).
public enum LoadMode: Sendable, Hashable, Codable {
    case closed
    case open(ratePerSecond: Double)
}

/// A complete run: workload, loop mode, real parallelism (`threadCount`) and concurrency (`clientCount`).
public struct RunConfiguration: Sendable, Hashable, Codable {
    public var workload: Workload
    public var mode: LoadMode
    public var threadCount: Int
    public var clientCount: Int

    public init(workload: Workload, mode: LoadMode = .closed, threadCount: Int = 2, clientCount: Int = 8) {
        self.workload = workload
        self.mode = mode
        self.threadCount = threadCount
        self.clientCount = clientCount
    }
}
