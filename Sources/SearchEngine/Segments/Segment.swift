/// An immutable segment: documents numbered 0..<documentCount in the order they were added, a
/// term dictionary, block postings with skip data and impacts, document lengths, and a forward
/// list of each document's terms (so a delete can adjust document frequencies exactly).
final class Segment: Sendable {
    let documentCount: Int
    /// True when ids grow with ordinals (documents added in id order): a later document can then never win a tie.
    let idsAscending: Bool
    /// Tokens in all documents of the segment, deleted or not.
    let totalTokens: UInt64
    let docIds: FixedBuffer<UInt64>
    let docLengths: FixedBuffer<UInt32>
    let terms: TermDictionary
    let termDocFrequency: FixedBuffer<UInt32>
    let termBlockStart: FixedBuffer<UInt32>
    let postings: FixedBuffer<UInt8>
    let blockLastDoc: FixedBuffer<UInt32>
    let blockOffset: FixedBuffer<UInt32>
    let blockImpactStart: FixedBuffer<UInt32>
    let impactFrequency: FixedBuffer<UInt32>
    let impactLength: FixedBuffer<UInt32>
    /// Document d's (term id gap, frequency) varint pairs, term ids ascending, in `forwardBytes[forwardStart[d] ..< forwardStart[d + 1]]`.
    let forwardStart: FixedBuffer<UInt32>
    let forwardBytes: FixedBuffer<UInt8>

    init(
        docIds: [UInt64], docLengths: [UInt32], terms: TermDictionary, termDocFrequency: [UInt32],
        postings: PostingsWriter, forwardStart: [UInt32], forwardBytes: [UInt8]
    ) {
        documentCount = docIds.count
        idsAscending = zip(docIds, docIds.dropFirst()).allSatisfy { $0 < $1 }
        totalTokens = docLengths.reduce(0) { $0 + UInt64($1) }
        self.docIds = FixedBuffer(docIds)
        self.docLengths = FixedBuffer(docLengths)
        self.terms = terms
        self.termDocFrequency = FixedBuffer(termDocFrequency)
        termBlockStart = FixedBuffer(postings.termBlockStart)
        self.postings = FixedBuffer(postings.bytes)
        blockLastDoc = FixedBuffer(postings.blockLastDoc)
        blockOffset = FixedBuffer(postings.blockOffset)
        blockImpactStart = FixedBuffer(postings.blockImpactStart)
        impactFrequency = FixedBuffer(postings.impactFrequency)
        impactLength = FixedBuffer(postings.impactLength)
        self.forwardStart = FixedBuffer(forwardStart)
        self.forwardBytes = FixedBuffer(forwardBytes)
    }

    /// Calls `body` with each distinct term id of document `ordinal` (ascending) and its frequency.
    func forEachTerm(ofDocument ordinal: Int, _ body: (UInt32, UInt32) -> Void) {
        var offset = Int(forwardStart[ordinal])
        let end = Int(forwardStart[ordinal + 1])
        var previous: UInt32 = 0
        while offset < end {
            previous &+= VarInt.read(forwardBytes.base, &offset)
            body(previous, VarInt.read(forwardBytes.base, &offset))
        }
    }

    /// Bytes the segment holds in memory, by part.
    var bytes: IndexBytes {
        IndexBytes(
            postings: postings.byteCount + blockLastDoc.byteCount + blockOffset.byteCount + blockImpactStart.byteCount
                + impactFrequency.byteCount + impactLength.byteCount + termBlockStart.byteCount + termDocFrequency.byteCount,
            dictionary: terms.byteCount,
            documents: docIds.byteCount + docLengths.byteCount,
            forwardLists: forwardStart.byteCount + forwardBytes.byteCount
        )
    }
}
