extension SegmentSearch {
    /// True if a document bounded by `bound` could still enter the top k (ties by id can, so ≥;
    /// the slack absorbs rounding between differently ordered sums).
    @inline(__always)
    static func canReach(_ bound: Double, _ threshold: Double) -> Bool {
        bound * (1 + 1e-12) >= threshold
    }

    /// MaxScore for OR: terms sorted by their upper bound; once the k-th score exceeds the sum of
    /// the smallest bounds, those terms are "non-essential" — only documents from the other
    /// lists are candidates, and the non-essential lists are only probed for those, highest bound
    /// first, stopping as soon as the candidate cannot reach the top k.
    func maxScore(
        _ cursors: UnsafeMutableBufferPointer<PostingsCursor>, _ terms: [Int], _ contributions: UnsafeMutablePointer<Double>,
        _ collector: inout TopKCollector
    ) -> Int {
        let count = cursors.count
        let bounds = (0..<count).map { index in
            cursors[index].blocks.reduce(0.0) { max($0, query.blockBound(term: terms[index], segment: view, block: $1)) }
        }
        let order = (0..<count).sorted { bounds[$0] < bounds[$1] }
        var cumulative = [Double](repeating: 0, count: count)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running += bounds[index]
            cumulative[rank] = running
        }
        let multiplicity = terms.map { query.multiplicity[$0] }
        var cachedBlock = [Int](repeating: -1, count: count)
        var cachedBound = [Double](repeating: 0, count: count)
        // By rank: the sum of the block bounds of ranks 0...rank at the current candidate.
        var blockPrefix = [Double](repeating: .infinity, count: count)
        var firstEssential = 0
        var scored = 0
        while firstEssential < count {
            var doc = PostingsCursor.exhausted
            for rank in firstEssential..<count { doc = min(doc, cursors[order[rank]].doc) }
            if doc == PostingsCursor.exhausted { break }
            if collector.isFull {
                // Block-max: the sum of every list's bound for the block holding `doc` caps every
                // document up to the first of those blocks' ends; below the k-th score, skip them all.
                var bound = 0.0
                var boundaryDoc = PostingsCursor.exhausted
                for rank in 0..<count {
                    let index = order[rank]
                    let block = cursors[index].shallowAdvance(to: doc)
                    if !cursors[index].isPastEnd(block) {
                        if cachedBlock[index] != block {
                            cachedBlock[index] = block
                            cachedBound[index] = query.blockBound(term: terms[index], segment: view, block: block, exact: exactBounds)
                        }
                        bound += cachedBound[index]
                        boundaryDoc = min(boundaryDoc, view.blockLastDoc[block])
                    }
                    blockPrefix[rank] = bound
                }
                if isHopeless(bound, from: doc, collector) {
                    guard boundaryDoc < PostingsCursor.exhausted - 1 else { break }
                    for rank in firstEssential..<count { cursors[order[rank]].advance(to: boundaryDoc + 1) }
                    continue
                }
            }
            var partial = 0.0
            for rank in firstEssential..<count where cursors[order[rank]].doc == doc {
                let index = order[rank]
                let value = contribution(cursors[index], term: terms[index])
                contributions[terms[index]] = value
                partial += value * multiplicity[index]
                cursors[index].next()
            }
            if isDeleted(doc) {
                for term in terms { contributions[term] = 0 }
                continue
            }
            scored += 1
            var pruned = false
            var rank = firstEssential - 1
            while rank >= 0 {
                guard Self.canReach(partial + min(cumulative[rank], blockPrefix[rank]), collector.threshold) else { pruned = true; break }
                let index = order[rank]
                cursors[index].advance(to: doc)
                if cursors[index].doc == doc {
                    let value = contribution(cursors[index], term: terms[index])
                    contributions[terms[index]] = value
                    partial += value * multiplicity[index]
                }
                rank -= 1
            }
            if pruned {
                for term in terms { contributions[term] = 0 }
                continue
            }
            collect(doc, contributions, terms, &collector)
            while firstEssential < count, !Self.canReach(cumulative[firstEssential], collector.threshold) { firstEssential += 1 }
        }
        return scored
    }
}
