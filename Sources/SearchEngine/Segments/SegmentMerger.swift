/// Folds live segments into one, dropping deleted documents: each live document's forward list
/// is remapped into a fresh dictionary and the result inverted like a flushed buffer.
enum SegmentMerger {
    static func merge(_ segments: [LiveSegment]) -> Segment {
        var lists = DocumentTermLists()
        var pairs: [(term: UInt32, frequency: UInt32)] = []
        for live in segments {
            let segment = live.segment
            // Local term id → merged term id, filled on first use.
            var remap = [UInt32](repeating: .max, count: segment.terms.count)
            for ordinal in 0..<segment.documentCount where !live.isDeleted(ordinal) {
                pairs.removeAll(keepingCapacity: true)
                segment.forEachTerm(ofDocument: ordinal) { local, frequency in
                    if remap[Int(local)] == .max {
                        remap[Int(local)] = segment.terms.withTermBytes(local) { lists.terms.insert($0) }
                    }
                    pairs.append((remap[Int(local)], frequency))
                }
                pairs.sort { $0.term < $1.term }
                for pair in pairs {
                    lists.postingTerm.append(pair.term)
                    lists.postingFrequency.append(pair.frequency)
                }
                lists.finishDocument(id: segment.docIds[ordinal], length: segment.docLengths[ordinal])
            }
        }
        return lists.build()
    }
}
