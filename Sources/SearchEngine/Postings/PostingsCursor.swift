/// Walks one term's postings in one segment, a decoded block at a time, with skips over whole
/// blocks by their last document. `doc` is `PostingsCursor.exhausted` past the end.
///
/// Holds raw pointers into the segment (see `SegmentView`) and into two `blockSize`-entry scratch arrays the query owns, so
/// the query path allocates nothing per posting; valid only while both are alive.
struct PostingsCursor {
    static let exhausted = UInt32.max

    private let postings: UnsafePointer<UInt8>
    private let blockLastDoc: UnsafePointer<UInt32>
    private let blockOffset: UnsafePointer<UInt32>
    private let firstBlock: Int
    private let endBlock: Int
    private let docs: UnsafeMutablePointer<UInt32>
    private let frequencies: UnsafeMutablePointer<UInt32>
    private(set) var block: Int
    private var shallowBlock: Int
    private var count = 0
    private var position = 0
    // A packed block's frequencies are read in place (most postings never need theirs); nil for a varint block.
    private var packedFrequencies: UnsafePointer<UInt8>?
    private var frequencyWidth = 0
    /// The current document ordinal.
    private(set) var doc: UInt32 = 0
    /// Documents in the whole posting list.
    let documentFrequency: Int

    init(segment: SegmentView, term: UInt32, scratch: UnsafeMutablePointer<UInt32>) {
        postings = segment.postings
        blockLastDoc = segment.blockLastDoc
        blockOffset = segment.blockOffset
        firstBlock = Int(segment.termBlockStart[Int(term)])
        endBlock = Int(segment.termBlockStart[Int(term) + 1])
        documentFrequency = Int(segment.termDocFrequency[Int(term)])
        docs = scratch
        frequencies = scratch + PostingsLayout.blockSize
        block = firstBlock
        shallowBlock = firstBlock
        decodeBlock()
    }

    /// The frequency of the term in the current document.
    @inline(__always)
    var frequency: UInt32 {
        if let packedFrequencies { return BitPacking.read(packedFrequencies, index: position, width: frequencyWidth) &+ 1 }
        return frequencies[position]
    }

    /// Moves to the next document.
    @inline(__always)
    mutating func next() {
        position += 1
        if position < count {
            doc = docs[position]
        } else {
            block += 1
            decodeBlock()
        }
    }

    /// Moves to the first document ≥ `target`.
    @inline(__always)
    mutating func advance(to target: UInt32) {
        guard doc < target else { return }
        if target > blockLastDoc[block] {
            block = blockContaining(target)
            decodeBlock()
            guard doc < target else { return }
        }
        while docs[position] < target { position += 1 }
        doc = docs[position]
    }

    /// The first block whose last document is ≥ `target` (or the end), found without decoding:
    /// a separate position that only moves forward, so repeated probes cost amortized O(1).
    @inline(__always)
    mutating func shallowAdvance(to target: UInt32) -> Int {
        var candidate = max(shallowBlock, block)
        while candidate < endBlock, blockLastDoc[candidate] < target { candidate += 1 }
        shallowBlock = candidate
        return candidate
    }

    /// The first block at or after the current one whose last document is ≥ `target`, or the end.
    @inline(__always)
    private func blockContaining(_ target: UInt32) -> Int {
        var candidate = block
        while candidate < endBlock, blockLastDoc[candidate] < target { candidate += 1 }
        return candidate
    }

    /// True if `block` is past this term's last block.
    @inline(__always)
    func isPastEnd(_ block: Int) -> Bool { block >= endBlock }

    /// The range of block indices of this term (for upper bounds).
    var blocks: Range<Int> { firstBlock..<endBlock }

    private mutating func decodeBlock() {
        guard block < endBlock else {
            doc = Self.exhausted
            count = 0
            position = 0
            return
        }
        var offset = Int(blockOffset[block])
        let bytes = postings
        var previous: UInt32 = block == firstBlock ? 0 : blockLastDoc[block - 1]
        count = block == endBlock - 1 ? documentFrequency - (block - firstBlock) * PostingsLayout.blockSize : PostingsLayout.blockSize
        if count == PostingsLayout.blockSize {
            let gapWidth = Int(bytes[offset])
            frequencyWidth = Int(bytes[offset + 1])
            let packed = bytes + offset + 2
            for index in 0..<PostingsLayout.blockSize {
                previous &+= BitPacking.read(packed, index: index, width: gapWidth)
                docs[index] = previous
            }
            packedFrequencies = packed + PostingsLayout.blockSize / 8 * gapWidth
        } else {
            for index in 0..<count {
                previous &+= VarInt.read(bytes, &offset)
                docs[index] = previous
            }
            for index in 0..<count { frequencies[index] = VarInt.read(bytes, &offset) &+ 1 }
            packedFrequencies = nil
        }
        position = 0
        doc = docs[0]
    }
}
