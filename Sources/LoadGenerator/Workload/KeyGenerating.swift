import ScaleSupport

/// Draws keys in `0..<keyCount` for one client; each client owns its own generator (no sharing).
public protocol KeyGenerating: Sendable {
    /// The next key for an operation that reads or updates an existing key.
    mutating func nextKey(using random: inout SeededGenerator) -> UInt64

    /// The key for an operation that inserts (`OperationGenerator` routes ops named `insert` here).
    /// Only `latest` treats inserts specially; the others draw as for any operation.
    mutating func nextInsertKey(using random: inout SeededGenerator) -> UInt64
}

extension KeyGenerating {
    public mutating func nextInsertKey(using random: inout SeededGenerator) -> UInt64 {
        nextKey(using: &random)
    }
}

/// Arithmetic shared by the generators.
enum KeyMath {
    /// A uniform value in `0..<bound` (Lemire's multiply-high; the bias is below bound / 2^64).
    @inline(__always)
    static func uniform(_ bound: UInt64, using random: inout SeededGenerator) -> UInt64 {
        random.next().multipliedFullWidth(by: bound).high
    }

    /// `(a + b) % modulus` for `a, b < modulus`, without overflowing near `UInt64.max`.
    @inline(__always)
    static func addModulo(_ a: UInt64, _ b: UInt64, _ modulus: UInt64) -> UInt64 {
        a >= modulus - b ? a - (modulus - b) : a + b
    }
}
