import ScaleSupport

/// Keys skewed towards the most recently inserted one (YCSB's "latest", workload D).
///
/// The key space is a ring: all `keyCount` keys start out loaded, `latestKey` starting at
/// `keyCount - 1`. Each `nextInsertKey` advances `latestKey` (overwriting the oldest slot, so keys
/// stay in `0..<keyCount`) and returns it; `nextKey` returns `latestKey - r` (mod keyCount) with
/// zipfian rank `r`. `OperationGenerator` calls `nextInsertKey` for ops named `insert`. Client `c`
/// of `C` inserts at `c, c+C, ...` past the loaded keys, so clients insert distinct keys and each
/// client's "latest" tracks the global insert front without a shared counter.
public struct LatestKeyGenerator: KeyGenerating {
    /// Draws the distance back from the newest key.
    public let zipfian: ZipfianKeyGenerator
    /// The most recently inserted key (as seen by this client).
    public private(set) var latestKey: UInt64
    /// Inserts this client has made.
    public private(set) var insertCount: UInt64 = 0
    private let firstInsertOffset: UInt64
    private let insertStride: UInt64

    /// Client `clientIndex` of `clientCount`; throws on a bad theta or key count.
    public init(keyCount: UInt64, theta: Double = KeyDistributionSpec.defaultTheta, clientIndex: Int = 0, clientCount: Int = 1) throws {
        guard clientCount > 0, clientIndex >= 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "clientCount must be positive; set at least 1 client")
        }
        self.init(zipfian: try ZipfianKeyGenerator(keyCount: keyCount, theta: theta), clientIndex: clientIndex, clientCount: clientCount)
    }

    /// Client `clientIndex` of `clientCount` reusing an already set-up zipfian generator.
    public init(zipfian: ZipfianKeyGenerator, clientIndex: Int, clientCount: Int) {
        precondition(clientCount > 0 && clientIndex >= 0, "bad latest generator shape")
        let keyCount = zipfian.keyCount
        self.zipfian = zipfian
        latestKey = keyCount - 1
        firstInsertOffset = UInt64(clientIndex + 1) % keyCount
        insertStride = UInt64(clientCount) % keyCount
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        let rank = zipfian.nextRank(using: &random)
        return latestKey >= rank ? latestKey - rank : latestKey + (zipfian.keyCount - rank)
    }

    /// Advances the insert front and returns the key to insert.
    @inline(__always)
    public mutating func nextInsertKey(using random: inout SeededGenerator) -> UInt64 {
        let step = insertCount == 0 ? firstInsertOffset : insertStride
        latestKey = KeyMath.addModulo(latestKey, step, zipfian.keyCount)
        insertCount &+= 1
        return latestKey
    }
}
