/// The in-memory indexing buffer: documents tokenized into (term, frequency) lists under a
/// growing dictionary, turned into an immutable `Segment` by `build()`.
struct IndexBuffer {
    private(set) var lists = DocumentTermLists()
    private var scratch: [UInt32] = []

    var documentCount: Int { lists.docIds.count }
    var isEmpty: Bool { lists.docIds.isEmpty }

    /// Tokenizes `document` (title then body, one field) and adds it under the next ordinal.
    mutating func add(_ document: Document, tokenizer: Unicode61Tokenizer) throws {
        scratch.removeAll(keepingCapacity: true)
        tokenizer.forEachToken(in: document.title) { scratch.append(lists.terms.insert($0)) }
        tokenizer.forEachToken(in: document.body) { scratch.append(lists.terms.insert($0)) }
        guard lists.postingTerm.count + scratch.count < Int(UInt32.max) else {
            throw SearchEngineError(.limitExceeded, "document \(document.id) does not fit in one segment's 4G postings; flush more often")
        }
        scratch.sort()
        var index = 0
        while index < scratch.count {
            let term = scratch[index]
            var end = index + 1
            while end < scratch.count, scratch[end] == term { end += 1 }
            lists.postingTerm.append(term)
            lists.postingFrequency.append(UInt32(end - index))
            index = end
        }
        lists.finishDocument(id: document.id, length: UInt32(scratch.count))
    }

    /// The segment holding every buffered document.
    func build() -> Segment { lists.build() }
}

/// Documents as lists of (term id ascending, frequency) under one dictionary: what the buffer
/// collects and what a merge rebuilds, before both become a `Segment`.
struct DocumentTermLists {
    var terms = TermDictionary(expectedTerms: 1 << 12)
    var docIds: [UInt64] = []
    var docLengths: [UInt32] = []
    // Document d's pairs are postingTerm/Frequency[docStart[d] ..< docStart[d + 1]].
    var postingTerm: [UInt32] = []
    var postingFrequency: [UInt32] = []
    var docStart: [UInt32] = [0]

    mutating func finishDocument(id: UInt64, length: UInt32) {
        docIds.append(id)
        docLengths.append(length)
        docStart.append(UInt32(postingTerm.count))
    }

    /// Inverts the lists into a segment: a counting sort by term keeps documents ascending per term.
    func build() -> Segment {
        let termCount = terms.count
        var docFrequency = [UInt32](repeating: 0, count: termCount)
        for term in postingTerm { docFrequency[Int(term)] += 1 }
        var termStart = [Int](repeating: 0, count: termCount + 1)
        for term in 0..<termCount { termStart[term + 1] = termStart[term] + Int(docFrequency[term]) }
        var sortedDocs = [UInt32](repeating: 0, count: postingTerm.count)
        var sortedFrequencies = [UInt32](repeating: 0, count: postingTerm.count)
        var cursor = termStart
        var forwardBytes: [UInt8] = []
        var forwardStart: [UInt32] = [0]
        forwardBytes.reserveCapacity(postingTerm.count * 3)
        for doc in 0..<docIds.count {
            var previous: UInt32 = 0
            for index in Int(docStart[doc])..<Int(docStart[doc + 1]) {
                let term = Int(postingTerm[index])
                sortedDocs[cursor[term]] = UInt32(doc)
                sortedFrequencies[cursor[term]] = postingFrequency[index]
                cursor[term] += 1
                VarInt.append(UInt32(term) &- previous, to: &forwardBytes)
                VarInt.append(postingFrequency[index], to: &forwardBytes)
                previous = UInt32(term)
            }
            forwardStart.append(UInt32(forwardBytes.count))
        }
        var writer = PostingsWriter()
        writer.bytes.reserveCapacity(postingTerm.count * 2)
        sortedDocs.withUnsafeBufferPointer { docs in
            sortedFrequencies.withUnsafeBufferPointer { frequencies in
                docLengths.withUnsafeBufferPointer { lengths in
                    for term in 0..<termCount {
                        let range = termStart[term]..<termStart[term + 1]
                        writer.appendTerm(
                            docs: UnsafeBufferPointer(rebasing: docs[range]),
                            frequencies: UnsafeBufferPointer(rebasing: frequencies[range]),
                            documentLengths: lengths
                        )
                    }
                }
            }
        }
        writer.finish()
        // A table sized to the final term count: a small segment must not keep the buffer's grown one.
        let compactTerms = TermDictionary(arena: terms.arena, starts: terms.starts)
        return Segment(
            docIds: docIds, docLengths: docLengths, terms: compactTerms, termDocFrequency: docFrequency,
            postings: writer, forwardStart: forwardStart, forwardBytes: forwardBytes
        )
    }
}
