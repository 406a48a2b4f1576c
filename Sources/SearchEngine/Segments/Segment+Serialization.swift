/// A segment as one blob: magic, version, each array as (count, little-endian elements), and a
/// checksum of everything before it, so a truncated or damaged blob is refused, never trusted.
extension Segment {
    static let magic: UInt32 = 0x5345_4731 // "SEG1"
    static let formatVersion: UInt32 = 3

    func serialized() -> [UInt8] {
        var writer = BlobWriter()
        writer.append(Self.magic)
        writer.append(Self.formatVersion)
        writer.append(docIds.array)
        writer.append(docLengths.array)
        writer.append(terms.arena)
        writer.append(terms.starts)
        writer.append(termDocFrequency.array)
        writer.append(termBlockStart.array)
        writer.append(postings.array)
        writer.append(blockLastDoc.array)
        writer.append(blockOffset.array)
        writer.append(blockImpactStart.array)
        writer.append(impactFrequency.array)
        writer.append(impactLength.array)
        writer.append(forwardStart.array)
        writer.append(forwardBytes.array)
        writer.append(BlobWriter.checksum(writer.bytes))
        return writer.bytes
    }

    /// Decodes a blob written by `serialized()`; `name` goes into the error if it is damaged.
    static func deserialize(_ bytes: [UInt8], name: String) throws -> Segment {
        let damaged = SearchEngineError(.corruptIndex, "\(name) is truncated or corrupt; restore the index file or delete it and re-index")
        guard bytes.count >= 16 else { throw damaged }
        var reader = BlobReader(bytes: bytes, end: bytes.count - 8)
        var checksumReader = BlobReader(bytes: bytes, end: bytes.count)
        checksumReader.offset = bytes.count - 8
        guard let stored: UInt64 = checksumReader.scalar(), stored == BlobWriter.checksum(Array(bytes[..<(bytes.count - 8)])),
              reader.scalar() == magic, let version: UInt32 = reader.scalar() else { throw damaged }
        guard version == formatVersion else {
            throw SearchEngineError(.corruptIndex, "\(name) has segment format \(version); this build reads format \(formatVersion), so re-index")
        }
        guard let docIds: [UInt64] = reader.array(), let docLengths: [UInt32] = reader.array(),
              let arena: [UInt8] = reader.array(), let starts: [UInt32] = reader.array(),
              let docFrequency: [UInt32] = reader.array(), let termBlockStart: [UInt32] = reader.array(),
              let postingBytes: [UInt8] = reader.array(), let blockLastDoc: [UInt32] = reader.array(),
              let blockOffset: [UInt32] = reader.array(), let blockImpactStart: [UInt32] = reader.array(),
              let impactFrequency: [UInt32] = reader.array(), let impactLength: [UInt32] = reader.array(),
              let forwardStart: [UInt32] = reader.array(), let forwardBytes: [UInt8] = reader.array(),
              reader.offset == reader.end
        else { throw damaged }
        // Shapes every cursor relies on, checked so even a blob with a colliding checksum cannot send a read out of bounds.
        guard docLengths.count == docIds.count, forwardStart.count == docIds.count + 1,
              starts.count == docFrequency.count + 1, termBlockStart.count == docFrequency.count + 1,
              blockOffset.count == blockLastDoc.count + 1, blockImpactStart.count == blockLastDoc.count + 1,
              impactLength.count == impactFrequency.count, termBlockStart.last.map(Int.init) == blockLastDoc.count,
              blockOffset.last.map({ Int($0) + BitPacking.padding }) == postingBytes.count, blockImpactStart.last.map(Int.init) == impactFrequency.count,
              forwardStart.last.map(Int.init) == forwardBytes.count, starts.last.map(Int.init) == arena.count
        else { throw damaged }
        let terms = TermDictionary(arena: arena, starts: starts)
        guard terms.count == docFrequency.count else { throw damaged }
        var postings = PostingsWriter()
        postings.bytes = postingBytes
        postings.blockLastDoc = blockLastDoc
        postings.blockOffset = blockOffset
        postings.blockImpactStart = blockImpactStart
        postings.impactFrequency = impactFrequency
        postings.impactLength = impactLength
        postings.termBlockStart = termBlockStart
        return Segment(
            docIds: docIds, docLengths: docLengths, terms: terms, termDocFrequency: docFrequency,
            postings: postings, forwardStart: forwardStart, forwardBytes: forwardBytes
        )
    }
}

/// Appends scalars and counted arrays of fixed-width integers, little-endian.
struct BlobWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append<T: FixedWidthInteger>(_ values: [T]) {
        append(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// A 64-bit checksum, eight bytes at a time (wrapping arithmetic).
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(raw.count)
            var index = 0
            while index + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                hash ^= hash >> 31
                index += 8
            }
            while index < raw.count {
                hash = (hash ^ UInt64(raw[index])) &* 0x0000_0100_0000_01B3
                index += 1
            }
            return hash
        }
    }
}

/// Reads what `BlobWriter` wrote; nil on any read past `end`.
struct BlobReader {
    let bytes: [UInt8]
    let end: Int
    var offset = 0

    init(bytes: [UInt8], end: Int) {
        self.bytes = bytes
        self.end = end
    }

    mutating func scalar<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard end - offset >= size else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }

    mutating func array<T: FixedWidthInteger>() -> [T]? {
        guard let count: UInt64 = scalar() else { return nil }
        let size = MemoryLayout<T>.size
        guard count <= UInt64(end - offset) / UInt64(size) else { return nil }
        let byteCount = Int(count) * size
        let values = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + byteCount)]))
            }
            initialized = Int(count)
        }
        offset += byteCount
        return values.map { T(littleEndian: $0) }
    }
}
