import ScaleSupport

/// Keys in order, wrapping at `keyCount`. Client `c` of `C` visits `c, c+C, c+2C, ...` so the
/// clients together sweep the key space in order without sharing a counter.
public struct SequentialKeyGenerator: KeyGenerating {
    /// Keys wrap at `keyCount`.
    public let keyCount: UInt64
    private let stride: UInt64
    private var cursor: UInt64

    /// Client `clientIndex` of `clientCount`.
    public init(keyCount: UInt64, clientIndex: Int = 0, clientCount: Int = 1) {
        precondition(keyCount > 0 && clientCount > 0 && clientIndex >= 0, "bad sequential generator shape")
        self.keyCount = keyCount
        stride = UInt64(clientCount) % keyCount
        cursor = UInt64(clientIndex) % keyCount
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        let key = cursor
        cursor = KeyMath.addModulo(cursor, stride, keyCount)
        return key
    }
}
