/// Raw pointers to a segment's arrays for the query loops: reading through them costs no
/// reference counting, which two threads searching one segment would otherwise contend on.
/// Valid only while the segment is alive (a search keeps it alive through its snapshot).
struct SegmentView {
    let docIds: UnsafePointer<UInt64>
    let docLengths: UnsafePointer<UInt32>
    let postings: UnsafePointer<UInt8>
    let blockLastDoc: UnsafePointer<UInt32>
    let blockOffset: UnsafePointer<UInt32>
    let blockImpactStart: UnsafePointer<UInt32>
    let impactFrequency: UnsafePointer<UInt32>
    let impactLength: UnsafePointer<UInt32>
    let termBlockStart: UnsafePointer<UInt32>
    let termDocFrequency: UnsafePointer<UInt32>

    init(_ segment: Segment) {
        docIds = UnsafePointer(segment.docIds.base)
        docLengths = UnsafePointer(segment.docLengths.base)
        postings = UnsafePointer(segment.postings.base)
        blockLastDoc = UnsafePointer(segment.blockLastDoc.base)
        blockOffset = UnsafePointer(segment.blockOffset.base)
        blockImpactStart = UnsafePointer(segment.blockImpactStart.base)
        impactFrequency = UnsafePointer(segment.impactFrequency.base)
        impactLength = UnsafePointer(segment.impactLength.base)
        termBlockStart = UnsafePointer(segment.termBlockStart.base)
        termDocFrequency = UnsafePointer(segment.termDocFrequency.base)
    }
}
