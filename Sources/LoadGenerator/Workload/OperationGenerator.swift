import ScaleSupport

/// One client's stream of operations: kind from the weighted mix, key from the distribution,
/// value size uniform in the workload's range.
///
/// Deterministic: client `clientIndex` draws from `SeededGenerator(seed: workload.seed, stream:
/// clientIndex)`, so the same seed and client give the same sequence. Operations named `insert`
/// take their key from `KeyGenerating.nextInsertKey` (this is what advances `latest`).
public struct OperationGenerator: Sendable {
    /// The operation name whose key comes from `nextInsertKey`.
    public static let insertOperationName = "insert"

    /// Operation names by `LoadOperation.kindIndex`.
    public let operationNames: [String]
    /// The workload seed every client stream derives from.
    public let workloadSeed: UInt64
    private var random: SeededGenerator
    private var keys: KeyGenerator
    /// Upper bound (exclusive) of each kind's slice of the 64-bit draw; the last kind takes the rest.
    private let kindThresholds: [UInt64]
    private let insertKindIndex: Int?
    private let valueSizeBytesMin: Int
    /// `valueSizeBytesMax - valueSizeBytesMin + 1`.
    private let valueSizeSpan: UInt64

    /// Client `clientIndex`'s stream (of `clientCount`); throws when the workload is invalid.
    public init(workload: Workload, clientIndex: Int = 0, clientCount: Int = 1) throws {
        try workload.validate()
        operationNames = workload.mix.entries.map(\.name)
        workloadSeed = workload.seed
        random = SeededGenerator(seed: workload.seed, stream: clientIndex)
        keys = try KeyGenerator(workload.keyDistribution, keyCount: workload.keyCount, clientIndex: clientIndex, clientCount: clientCount)
        kindThresholds = Self.thresholds(weights: workload.mix.entries.map(\.weight))
        insertKindIndex = operationNames.firstIndex(of: Self.insertOperationName)
        valueSizeBytesMin = workload.valueSizeBytesMin
        valueSizeSpan = UInt64(workload.valueSizeBytesMax - workload.valueSizeBytesMin) + 1
    }

    /// Client `clientIndex`'s stream of the same workload, without repeating validation and
    /// distribution setup; equal to `init(workload:clientIndex:clientCount:)` for that client.
    public func forClient(_ clientIndex: Int, clientCount: Int) -> OperationGenerator {
        var generator = self
        generator.random = SeededGenerator(seed: workloadSeed, stream: clientIndex)
        generator.keys = keys.forClient(clientIndex, clientCount: clientCount)
        return generator
    }

    /// The next operation of this client's stream.
    @inline(__always)
    public mutating func next() -> LoadOperation {
        let kindIndex = nextKindIndex()
        let key = kindIndex == insertKindIndex ? keys.nextInsertKey(using: &random) : keys.nextKey(using: &random)
        let valueSize = valueSizeSpan == 1 ? valueSizeBytesMin : valueSizeBytesMin + Int(KeyMath.uniform(valueSizeSpan, using: &random))
        return LoadOperation(kindIndex: kindIndex, key: key, valueSizeBytes: valueSize)
    }

    @inline(__always)
    private mutating func nextKindIndex() -> Int {
        let lastIndex = kindThresholds.count
        if lastIndex == 0 { return 0 }
        let draw = random.next()
        var index = 0
        while index < lastIndex, draw >= kindThresholds[index] { index += 1 }
        return index
    }

    /// Cumulative weights scaled to 2^64, one per kind except the last.
    private static func thresholds(weights: [Double]) -> [UInt64] {
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        return weights.dropLast().map { weight in
            cumulative += weight
            let scaled = cumulative / total * 0x1p64
            return scaled >= 0x1p64 ? UInt64.max : UInt64(scaled)
        }
    }
}
