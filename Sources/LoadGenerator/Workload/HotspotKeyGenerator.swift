import ScaleSupport

/// `hotOpFraction` of operations go uniformly to the first `hotKeyFraction` of keys, the rest
/// uniformly to the other keys (YCSB's HotspotIntegerGenerator).
public struct HotspotKeyGenerator: KeyGenerating {
    /// Keys are drawn from `0..<keyCount`.
    public let keyCount: UInt64
    /// Keys `0..<hotKeyCount` form the hot set (at least one key).
    public let hotKeyCount: UInt64
    /// Share of operations that go to the hot set.
    public let hotOpFraction: Double

    /// Throws when a fraction is out of range (hot keys in (0, 1], hot ops in [0, 1]).
    public init(keyCount: UInt64, hotKeyFraction: Double, hotOpFraction: Double) throws {
        guard keyCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "keyCount must be positive; set at least 1 key")
        }
        guard hotKeyFraction > 0, hotKeyFraction <= 1 else {
            throw LoadGeneratorError(.invalidDistribution, "hotspot hot-key fraction must be in (0, 1], got \(hotKeyFraction); e.g. hotspot:0.2:0.8")
        }
        guard hotOpFraction >= 0, hotOpFraction <= 1 else {
            throw LoadGeneratorError(.invalidDistribution, "hotspot hot-operation fraction must be in [0, 1], got \(hotOpFraction); e.g. hotspot:0.2:0.8")
        }
        self.keyCount = keyCount
        self.hotOpFraction = hotOpFraction
        hotKeyCount = Swift.min(keyCount, Swift.max(1, UInt64((Double(keyCount) * hotKeyFraction).rounded())))
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        let coldKeyCount = keyCount - hotKeyCount
        if coldKeyCount == 0 || random.nextUnitDouble() < hotOpFraction {
            return KeyMath.uniform(hotKeyCount, using: &random)
        }
        return hotKeyCount + KeyMath.uniform(coldKeyCount, using: &random)
    }
}
