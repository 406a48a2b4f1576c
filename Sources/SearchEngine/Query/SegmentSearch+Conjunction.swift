extension SegmentSearch {
    /// Block-max AND: the rarest list leads; before checking the other lists at a candidate, the
    /// sum of every list's bound for the block holding it is compared with the k-th score, and a
    /// hopeless candidate skips to the end of the shortest of those blocks without decoding any.
    func blockMaxConjunction(
        _ cursors: UnsafeMutableBufferPointer<PostingsCursor>, _ terms: [Int], _ contributions: UnsafeMutablePointer<Double>,
        _ collector: inout TopKCollector
    ) -> Int {
        let order = cursors.indices.sorted { cursors[$0].documentFrequency < cursors[$1].documentFrequency }
        let lead = order[0]
        var cachedBlock = [Int](repeating: -1, count: cursors.count)
        var cachedBound = [Double](repeating: 0, count: cursors.count)
        var scored = 0
        var doc = cursors[lead].doc
        while doc != PostingsCursor.exhausted {
            if collector.isFull {
                var bound = 0.0
                var boundaryDoc = PostingsCursor.exhausted
                for index in order {
                    let block = cursors[index].shallowAdvance(to: doc)
                    if cursors[index].isPastEnd(block) { return scored }
                    if cachedBlock[index] != block {
                        cachedBlock[index] = block
                        cachedBound[index] = query.blockBound(term: terms[index], segment: view, block: block, exact: exactBounds)
                    }
                    bound += cachedBound[index]
                    boundaryDoc = min(boundaryDoc, view.blockLastDoc[block])
                }
                if isHopeless(bound, from: doc, collector) {
                    guard boundaryDoc < PostingsCursor.exhausted - 1 else { return scored }
                    cursors[lead].advance(to: boundaryDoc + 1)
                    doc = cursors[lead].doc
                    continue
                }
            }
            var matched = true
            for index in order.dropFirst() {
                cursors[index].advance(to: doc)
                if cursors[index].doc != doc {
                    matched = false
                    cursors[lead].advance(to: cursors[index].doc)
                    doc = cursors[lead].doc
                    break
                }
            }
            guard matched else { continue }
            if !isDeleted(doc) {
                scored += 1
                for index in order { contributions[terms[index]] = contribution(cursors[index], term: terms[index]) }
                collect(doc, contributions, terms, &collector)
            }
            cursors[lead].next()
            doc = cursors[lead].doc
        }
        return scored
    }
}
