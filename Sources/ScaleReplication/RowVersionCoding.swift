import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A compact binary form of a row's versions, so multi-primary nodes persist the full sibling
/// set (values, timestamps, dots, contexts) as one value in their store. Little-endian.
public enum RowVersionCoding {
    /// Format tag written first; bump when the layout changes.
    static let formatVersion: UInt8 = 1

    /// Encodes `versions`.
    public static func encode(_ versions: [RowVersion]) -> [UInt8] {
        var bytes: [UInt8] = [formatVersion]
        append(UInt64(versions.count), to: &bytes)
        for version in versions {
            if let value = version.value {
                bytes.append(1)
                append(UInt64(value.count), to: &bytes)
                bytes.append(contentsOf: value)
            } else {
                bytes.append(0)
            }
            append(version.timestamp.wallNanos, to: &bytes)
            append(UInt64(version.timestamp.logical), to: &bytes)
            append(UInt64(bitPattern: Int64(version.origin.rawValue)), to: &bytes)
            append(version.counter, to: &bytes)
            append(UInt64(version.context.counters.count), to: &bytes)
            for counter in version.context.counters {
                append(UInt64(bitPattern: Int64(counter.node.rawValue)), to: &bytes)
                append(counter.count, to: &bytes)
            }
        }
        return bytes
    }

    /// Decodes bytes made by `encode`; throws `.storage` on anything malformed.
    public static func decode(_ bytes: [UInt8]) throws(ReplicationError) -> [RowVersion] {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == formatVersion else { throw reader.malformed("unknown format") }
        let count = try reader.count()
        var versions: [RowVersion] = []
        for _ in 0..<count {
            let value: [UInt8]? = try reader.byte() == 1 ? try reader.bytes(count: reader.count()) : nil
            let wall = try reader.word()
            let logical = try reader.word()
            guard logical <= UInt64(UInt32.max) else { throw reader.malformed("logical counter out of range") }
            let origin = ReplicaID(Int(Int64(bitPattern: try reader.word())))
            let counter = try reader.word()
            var context: [ReplicaID: UInt64] = [:]
            for _ in 0..<(try reader.count()) {
                let node = ReplicaID(Int(Int64(bitPattern: try reader.word())))
                context[node] = try reader.word()
            }
            versions.append(RowVersion(
                value: value, timestamp: HLCTimestamp(wallNanos: wall, logical: UInt32(logical)),
                origin: origin, counter: counter, context: VersionVector(context)
            ))
        }
        guard reader.isAtEnd else { throw reader.malformed("trailing bytes") }
        return versions
    }

    private static func append(_ word: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    /// A bounds-checked cursor over encoded bytes.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        func malformed(_ why: String) -> ReplicationError {
            ReplicationError(.storage, "malformed row versions at byte \(offset): \(why)")
        }

        mutating func byte() throws(ReplicationError) -> UInt8 {
            guard offset < bytes.count else { throw malformed("unexpected end") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func word() throws(ReplicationError) -> UInt64 {
            guard bytes.count - offset >= 8 else { throw malformed("unexpected end") }
            var word: UInt64 = 0
            for index in 0..<8 { word |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            offset += 8
            return word
        }

        /// A length or element count, which cannot exceed the bytes left.
        mutating func count() throws(ReplicationError) -> Int {
            let value = try word()
            guard value <= UInt64(bytes.count - offset) else { throw malformed("count \(value) exceeds the data") }
            return Int(value)
        }

        mutating func bytes(count: Int) throws(ReplicationError) -> [UInt8] {
            guard bytes.count - offset >= count else { throw malformed("unexpected end") }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
    }
}
