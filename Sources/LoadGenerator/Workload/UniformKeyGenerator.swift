import ScaleSupport

/// Every key equally likely.
public struct UniformKeyGenerator: KeyGenerating {
    /// Keys are drawn from `0..<keyCount`.
    public let keyCount: UInt64

    /// A generator over `0..<keyCount` (which must be positive).
    public init(keyCount: UInt64) {
        precondition(keyCount > 0, "keyCount must be positive")
        self.keyCount = keyCount
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        KeyMath.uniform(keyCount, using: &random)
    }
}
