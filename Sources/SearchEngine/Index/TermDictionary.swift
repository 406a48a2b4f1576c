#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Term bytes → dense term ids, with the bytes kept in one arena: an open-addressing hash table
/// that looks a token up straight from the tokenizer's buffer, without making a `String`.
struct TermDictionary: Sendable {
    /// Concatenated term bytes; term `t` is `arena[starts[t] ..< starts[t + 1]]`.
    private(set) var arena: [UInt8] = []
    private(set) var starts: [UInt32] = [0]
    // Slot → term id + 1 (0 = empty); the capacity is a power of two kept under 50 % full.
    private var slots: [UInt32]
    private var hashes: [UInt32] = []
    // Each term's first eight bytes (zero-padded): equality of terms up to 8 bytes without memcmp.
    private var prefixes: [UInt64] = []

    /// The number of distinct terms.
    var count: Int { starts.count - 1 }

    /// An empty dictionary sized for about `expectedTerms` terms.
    init(expectedTerms: Int = 1024) {
        var capacity = 16
        while capacity < expectedTerms * 2 { capacity <<= 1 }
        slots = [UInt32](repeating: 0, count: capacity)
    }

    /// The id of `term`, if present.
    func id(of term: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let hash = Self.hash(term)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = entry - 1
            if hashes[Int(id)] == hash, equals(id, term, prefix: Self.prefix(term)) { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `term` as a string (query and statistics paths).
    func id(of term: String) -> UInt32? {
        var copy = term
        return copy.withUTF8 { id(of: $0) }
    }

    /// The id of `term`, adding it if new.
    mutating func insert(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = Self.hash(term)
        let prefix = Self.prefix(term)
        var mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = entry - 1
            if hashes[Int(id)] == hash, equals(id, term, prefix: prefix) { return id }
            slot = (slot + 1) & mask
        }
        let id = UInt32(count)
        arena.append(contentsOf: term)
        starts.append(UInt32(arena.count))
        hashes.append(hash)
        prefixes.append(prefix)
        if count * 2 > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        slots[slot] = id + 1
        return id
    }

    /// The bytes of term `id` as a string.
    func term(_ id: UInt32) -> String {
        String(decoding: arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])], as: UTF8.self)
    }

    @inline(__always)
    private func equals(_ id: UInt32, _ term: UnsafeBufferPointer<UInt8>, prefix: UInt64) -> Bool {
        let start = Int(starts[Int(id)])
        let length = Int(starts[Int(id) + 1]) - start
        guard length == term.count, prefixes[Int(id)] == prefix else { return false }
        if length <= 8 { return true }
        return arena.withUnsafeBufferPointer { arena in
            guard let base = arena.baseAddress, let other = term.baseAddress else { return false }
            return memcmp(base + start + 8, other + 8, length - 8) == 0
        }
    }

    /// The first eight bytes of `term`, zero-padded, little-endian.
    @inline(__always)
    static func prefix(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = term.baseAddress else { return 0 }
        if term.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var value: UInt64 = 0
        for index in 0..<term.count { value |= UInt64(base[index]) << UInt64(index * 8) }
        return value
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var grown = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for id in 0..<count {
            var slot = Int(hashes[id]) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = UInt32(id + 1)
        }
        slots = grown
    }

    /// A 32-bit hash of term bytes: eight bytes at a time, multiply-mixed (wrapping arithmetic).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}

extension TermDictionary {
    /// A dictionary holding exactly `arena`/`starts` (a stored segment's terms), ids preserved.
    init(arena: [UInt8], starts: [UInt32]) {
        self.init(expectedTerms: starts.count)
        arena.withUnsafeBufferPointer { bytes in
            for id in 0..<(starts.count - 1) {
                _ = insert(UnsafeBufferPointer(rebasing: bytes[Int(starts[id])..<Int(starts[id + 1])]))
            }
        }
    }

    /// Bytes held in memory.
    var byteCount: Int { arena.count + starts.count * 4 + slots.count * 4 + hashes.count * 4 + prefixes.count * 8 }
}

extension TermDictionary {
    /// Calls `body` with term `id`'s bytes.
    func withTermBytes<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = Int(starts[Int(id)])..<Int(starts[Int(id) + 1])
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }
}
