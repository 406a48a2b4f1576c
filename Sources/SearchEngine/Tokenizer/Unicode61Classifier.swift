/// What FTS5 `unicode61` (remove_diacritics=1) does with each code point: separator, token
/// character, or a diacritic that only continues a token; and what a token character folds to.
///
/// Built once from the probed tables in `Unicode61Tables`: a flat table for the Basic Multilingual
/// Plane (one load per code point on the hot path) and binary-searched ranges above it.
struct Unicode61Classifier: Sendable {
    /// How a code point takes part in tokens.
    enum Role: UInt32 {
        case separator = 0
        case token = 1
        case continuation = 2
    }

    /// The shared, immutable classifier.
    static let shared = Unicode61Classifier()

    // Per BMP code point: role in bits 24...25, folded code point in bits 0...20.
    private let planeZero: [UInt32]
    // Sorted, disjoint closed ranges above U+FFFF that are token characters.
    private let supplementaryTokens: [ClosedRange<UInt32>]
    private let supplementaryFolds: [UInt32: UInt32]

    private init() {
        var table = [UInt32](repeating: 0, count: 0x10000)
        for codePoint in 0..<UInt32(0x10000) { table[Int(codePoint)] = codePoint }
        for scalar in UInt32(0x30)...0x7A where Self.isASCIIAlphanumeric(UInt8(scalar)) {
            let folded = (0x41...0x5A).contains(scalar) ? scalar + 32 : scalar
            table[Int(scalar)] = Role.token.rawValue << 24 | folded
        }
        var supplementary: [ClosedRange<UInt32>] = []
        for (range, role) in Self.parseRanges(Unicode61Tables.tokenRanges).map({ ($0, Role.token) })
            + Self.parseRanges(Unicode61Tables.continuationRanges).map({ ($0, Role.continuation) }) {
            for codePoint in range where codePoint < 0x10000 {
                table[Int(codePoint)] = role.rawValue << 24 | codePoint
            }
            if range.upperBound >= 0x10000, role == .token {
                supplementary.append(max(range.lowerBound, 0x10000)...range.upperBound)
            }
        }
        var folds: [UInt32: UInt32] = [:]
        for pair in Unicode61Tables.folds.split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let from = UInt32(parts[0], radix: 16), let to = UInt32(parts[1], radix: 16) else {
                preconditionFailure("malformed fold pair '\(pair)' in Unicode61Tables")
            }
            if from < 0x10000 {
                table[Int(from)] = table[Int(from)] & 0xFF00_0000 | to
            } else {
                folds[from] = to
            }
        }
        planeZero = table
        supplementaryTokens = supplementary.sorted { $0.lowerBound < $1.lowerBound }
        supplementaryFolds = folds
    }

    /// The role of `codePoint` and what it folds to (0: dropped from the token).
    @inline(__always)
    func classify(_ codePoint: UInt32) -> (role: Role, folded: UInt32) {
        if codePoint < 0x10000 {
            let entry = planeZero[Int(codePoint)]
            return (Role(rawValue: entry >> 24) ?? .separator, entry & 0x1F_FFFF)
        }
        guard isSupplementaryToken(codePoint) else { return (.separator, codePoint) }
        return (.token, supplementaryFolds[codePoint] ?? codePoint)
    }

    private func isSupplementaryToken(_ codePoint: UInt32) -> Bool {
        var low = 0
        var high = supplementaryTokens.count
        while low < high {
            let middle = (low + high) / 2
            let range = supplementaryTokens[middle]
            if codePoint < range.lowerBound { high = middle } else if codePoint > range.upperBound { low = middle + 1 } else { return true }
        }
        return false
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func parseRanges(_ text: String) -> [ClosedRange<UInt32>] {
        text.split(separator: ",").map { part in
            let bounds = part.split(separator: "-")
            guard bounds.count == 2, let low = UInt32(bounds[0], radix: 16), let high = UInt32(bounds[1], radix: 16), low <= high else {
                preconditionFailure("malformed range '\(part)' in Unicode61Tables")
            }
            return low...high
        }
    }
}
