/// A tokenizer equal to SQLite FTS5's `unicode61` with its defaults (categories `L* N* Co`,
/// remove_diacritics=1): tokens are maximal runs of letters, digits and private-use code points
/// (plus the combining diacritics inside a run), case-folded with diacritics removed.
///
/// Not thread-safe: it owns a scratch buffer it folds each token into; use one per thread.
public final class Unicode61Tokenizer {
    /// FTS5 truncates longer tokens to this many bytes before indexing them.
    public static let maxTokenBytes = 32768

    private let classifier = Unicode61Classifier.shared
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    /// Creates a tokenizer with its own scratch buffer.
    public init() {
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    /// Calls `body` with each token's folded UTF-8 bytes, in order. The buffer is only valid during the call.
    public func forEachToken(in text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        var copy = text
        try copy.withUTF8 { try forEachToken(inUTF8: $0, body) }
    }

    /// The tokens of `text` as strings (for tests and query parsing; the indexing path uses `forEachToken`).
    public func tokens(of text: String) -> [String] {
        var result: [String] = []
        forEachToken(in: text) { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    /// Tokenizes valid UTF-8 bytes (a Swift string's storage).
    public func forEachToken(inUTF8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        var index = 0
        while index < end {
            // Skip separators; a diacritic cannot start a token.
            var inToken = false
            while index < end {
                let byte = base[index]
                if byte < 0x80 {
                    if Unicode61Classifier.isASCIIAlphanumeric(byte) { inToken = true; break }
                    index += 1
                } else {
                    let (codePoint, width) = Self.decode(base, at: index, end: end)
                    if classifier.classify(codePoint).role == .token { inToken = true; break }
                    index += width
                }
            }
            guard inToken else { return }
            var length = 0
            while index < end {
                let byte = base[index]
                if byte < 0x80 {
                    guard Unicode61Classifier.isASCIIAlphanumeric(byte) else { break }
                    reserve(length + 1)
                    scratch[length] = (byte >= 0x41 && byte <= 0x5A) ? byte + 32 : byte
                    length += 1
                    index += 1
                } else {
                    let (codePoint, width) = Self.decode(base, at: index, end: end)
                    let (role, folded) = classifier.classify(codePoint)
                    guard role != .separator else { break }
                    if folded != 0 {
                        reserve(length + 4)
                        length += Self.encode(folded, into: scratch + length)
                    }
                    index += width
                }
            }
            try body(UnsafeBufferPointer(start: scratch, count: min(length, Self.maxTokenBytes)))
        }
    }

    private func reserve(_ bytes: Int) {
        guard bytes > scratchCapacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes, scratchCapacity * 2))
        grown.update(from: scratch, count: scratchCapacity)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = max(bytes, scratchCapacity * 2)
    }

    /// Decodes the code point at `index` of valid UTF-8 (a lead byte ≥ 0x80).
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> (UInt32, Int) {
        let lead = UInt32(base[index])
        if lead < 0xE0, index + 1 < end {
            return ((lead & 0x1F) << 6 | UInt32(base[index + 1] & 0x3F), 2)
        }
        if lead < 0xF0, index + 2 < end {
            return ((lead & 0x0F) << 12 | UInt32(base[index + 1] & 0x3F) << 6 | UInt32(base[index + 2] & 0x3F), 3)
        }
        if index + 3 < end {
            let value = (lead & 0x07) << 18 | UInt32(base[index + 1] & 0x3F) << 12 | UInt32(base[index + 2] & 0x3F) << 6
            return (value | UInt32(base[index + 3] & 0x3F), 4)
        }
        // Valid UTF-8 never ends mid-sequence; treat a stray byte as a separator.
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func encode(_ codePoint: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if codePoint < 0x80 { out[0] = UInt8(codePoint); return 1 }
        if codePoint < 0x800 {
            out[0] = UInt8(0xC0 | codePoint >> 6); out[1] = UInt8(0x80 | codePoint & 0x3F); return 2
        }
        if codePoint < 0x10000 {
            out[0] = UInt8(0xE0 | codePoint >> 12); out[1] = UInt8(0x80 | codePoint >> 6 & 0x3F)
            out[2] = UInt8(0x80 | codePoint & 0x3F); return 3
        }
        out[0] = UInt8(0xF0 | codePoint >> 18); out[1] = UInt8(0x80 | codePoint >> 12 & 0x3F)
        out[2] = UInt8(0x80 | codePoint >> 6 & 0x3F); out[3] = UInt8(0x80 | codePoint & 0x3F)
        return 4
    }
}
