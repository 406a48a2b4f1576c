import ScaleSupport
import ScaleStorage
/// A key as partitioners see it: its stable hash (for hash-mod, ring and directory) and an
/// ordering value (for range partitioning).
///
/// Integers order by their unsigned bit pattern, so `PartitionKey(Int64(x))` equals
/// `PartitionKey(UInt64(bitPattern: x))` (negative keys sort after all non-negative ones).
/// Strings and bytes order by their first 8 bytes, big-endian: range split points between
/// strings work on that prefix. Two keys are equal when hash and order are (a 64-bit collision
/// with the same prefix is the only way two different keys could compare equal).
public struct PartitionKey: Hashable, Sendable, CustomStringConvertible {
    /// `StableHash` of the key: the same in every run and process.
    public var hash: UInt64
    /// Position in key order, for range partitioning.
    public var order: UInt64

    /// A key with explicit hash and order values.
    @inlinable
    public init(hash: UInt64, order: UInt64) {
        self.hash = hash
        self.order = order
    }

    /// An integer key.
    @inlinable
    public init(_ key: UInt64) {
        self.init(hash: StableHash.hash(key), order: key)
    }

    /// A signed integer key (the same key as its bit pattern as `UInt64`).
    @inlinable
    public init(_ key: Int64) {
        self.init(UInt64(bitPattern: key))
    }

    /// An `Int` key (the same key as the `Int64`).
    @inlinable
    public init(_ key: Int) {
        self.init(UInt64(bitPattern: Int64(key)))
    }

    /// A string key (hash of its UTF-8 bytes; order by its first 8 bytes).
    public init(_ key: String) {
        var copy = key
        self = copy.withUTF8 { PartitionKey(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// A byte-string key (hash of the bytes; order by the first 8 bytes).
    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { PartitionKey(bytes: $0) }
    }

    /// A byte-string key (hash of the bytes; order by the first 8 bytes).
    public init(bytes: UnsafeRawBufferPointer) {
        self.init(hash: StableHash.hash(bytes: bytes), order: Self.orderPrefix(bytes))
    }

    /// The key a column value stands for: INTEGER as `Int64`, TEXT as `String`, BLOB as bytes,
    /// REAL by its bit pattern; nil for NULL (a NULL key has no placement).
    public init?(_ value: SQLValue) {
        switch value {
        case .integer(let key): self.init(key)
        case .text(let key): self.init(key)
        case .blob(let key): self.init(bytes: key)
        case .real(let key): self.init(key.bitPattern)
        case .null: return nil
        }
    }

    /// The ordering value a string has (its first 8 UTF-8 bytes, big-endian, zero-padded).
    public static func order(of key: String) -> UInt64 {
        PartitionKey(key).order
    }

    public var description: String { "key(hash: \(hash), order: \(order))" }

    private static func orderPrefix(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var order: UInt64 = 0
        for index in 0..<8 {
            order <<= 8
            if index < bytes.count { order |= UInt64(bytes[index]) }
        }
        return order
    }
}
