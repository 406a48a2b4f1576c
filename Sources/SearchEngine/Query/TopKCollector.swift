/// The best k hits so far, as a heap with the worst at the root: higher score wins, then the
/// smaller id (FTS5's `ORDER BY bm25(t), rowid`).
struct TopKCollector {
    let k: Int
    private var scores: [Double] = []
    private var ids: [UInt64] = []

    init(k: Int) {
        self.k = k
        scores.reserveCapacity(k)
        ids.reserveCapacity(k)
    }

    /// The score a document must reach (ties then go by id) once k hits are held; -∞ before.
    private(set) var threshold = -Double.infinity

    var isFull: Bool { scores.count == k }

    /// The id of the worst hit held (meaningful once full): a later hit tying the threshold needs a smaller id.
    var worstId: UInt64 { ids.first ?? .max }

    @inline(__always)
    private func isWorse(_ scoreA: Double, _ idA: UInt64, than scoreB: Double, _ idB: UInt64) -> Bool {
        scoreA < scoreB || (scoreA == scoreB && idA > idB)
    }

    /// Offers a hit; true if it was kept.
    @inline(__always)
    mutating func offer(score: Double, id: UInt64) -> Bool {
        if scores.count < k {
            scores.append(score)
            ids.append(id)
            siftUp(scores.count - 1)
            if scores.count == k { threshold = scores[0] }
            return true
        }
        guard isWorse(scores[0], ids[0], than: score, id) else { return false }
        scores[0] = score
        ids[0] = id
        siftDown(0)
        threshold = scores[0]
        return true
    }

    /// The hits, best first.
    func sortedHits() -> [SearchHit] {
        zip(ids, scores).map { SearchHit(id: $0, score: $1) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isWorse(scores[child], ids[child], than: scores[parent], ids[parent]) else { return }
            scores.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < scores.count {
                if isWorse(scores[child], ids[child], than: scores[worst], ids[worst]) { worst = child }
            }
            guard worst != parent else { return }
            scores.swapAt(worst, parent)
            ids.swapAt(worst, parent)
            parent = worst
        }
    }
}
