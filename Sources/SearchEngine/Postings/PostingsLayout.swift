/// The postings of one segment: each term's (document, frequency) pairs in blocks of
/// `blockSize` documents. A block is the document gaps as varints, then the frequencies − 1 as
/// varints; per block the segment keeps its last document (skip data), its byte offset and its
/// impacts (for block-max pruning).
enum PostingsLayout {
    /// Documents per block.
    static let blockSize = 128
    /// Impacts kept per block; a longer Pareto front folds its tail into one dominating pair.
    static let maxImpactsPerBlock = 4
}

/// Growable arrays a segment's postings are written into, term after term.
struct PostingsWriter {
    var bytes: [UInt8] = []
    var blockLastDoc: [UInt32] = []
    var blockOffset: [UInt32] = [0]
    var blockImpactStart: [UInt32] = [0]
    var impactFrequency: [UInt32] = []
    var impactLength: [UInt32] = []
    var termBlockStart: [UInt32] = [0]

    /// Appends one term's postings (`docs` ascending, `frequencies` ≥ 1), given each document's length.
    mutating func appendTerm(
        docs: UnsafeBufferPointer<UInt32>, frequencies: UnsafeBufferPointer<UInt32>, documentLengths: UnsafeBufferPointer<UInt32>
    ) {
        var start = 0
        var previous: UInt32 = 0
        var impacts: [(frequency: UInt32, length: UInt32)] = []
        while start < docs.count {
            let end = min(start + PostingsLayout.blockSize, docs.count)
            impacts.removeAll(keepingCapacity: true)
            for index in start..<end {
                VarInt.append(docs[index] &- previous, to: &bytes)
                previous = docs[index]
                impacts.append((frequencies[index], documentLengths[Int(docs[index])]))
            }
            for index in start..<end { VarInt.append(frequencies[index] - 1, to: &bytes) }
            blockLastDoc.append(previous)
            blockOffset.append(UInt32(bytes.count))
            appendImpacts(&impacts)
            start = end
        }
        termBlockStart.append(UInt32(blockLastDoc.count))
    }

    /// Keeps the Pareto front of (higher frequency, shorter document): the only pairs that can give a block's best score.
    private mutating func appendImpacts(_ impacts: inout [(frequency: UInt32, length: UInt32)]) {
        impacts.sort { $0.frequency != $1.frequency ? $0.frequency > $1.frequency : $0.length < $1.length }
        var front: [(frequency: UInt32, length: UInt32)] = []
        for impact in impacts where front.last.map({ impact.length < $0.length }) ?? true {
            front.append(impact)
        }
        if front.count > PostingsLayout.maxImpactsPerBlock {
            // Pairs past the cap fold into (their highest frequency, their shortest length), which dominates them all.
            let tail = front[(PostingsLayout.maxImpactsPerBlock - 1)...]
            let folded = (frequency: tail.first!.frequency, length: tail.last!.length)
            front.removeSubrange((PostingsLayout.maxImpactsPerBlock - 1)...)
            front.append(folded)
        }
        for impact in front {
            impactFrequency.append(impact.frequency)
            impactLength.append(impact.length)
        }
        blockImpactStart.append(UInt32(impactFrequency.count))
    }
}
