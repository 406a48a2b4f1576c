import HeapModule
import SearchEngine

/// Merges each shard's top hits (best first) into the overall top `k` with a heap holding one
/// cursor per shard: O(k log shards), and nothing past the k-th hit is looked at.
enum TopKMerge {
    private struct Cursor: Comparable {
        var hit: SearchHit
        var list: Int
        var position: Int

        // The heap's max is the best hit: the higher score, then the smaller id.
        static func < (a: Cursor, b: Cursor) -> Bool {
            a.hit.score != b.hit.score ? a.hit.score < b.hit.score : a.hit.id > b.hit.id
        }

        static func == (a: Cursor, b: Cursor) -> Bool { a.hit == b.hit }
    }

    static func merge(_ lists: [[SearchHit]], k: Int) -> [SearchHit] {
        var heap = Heap<Cursor>()
        for (index, list) in lists.enumerated() where !list.isEmpty {
            heap.insert(Cursor(hit: list[0], list: index, position: 0))
        }
        var merged: [SearchHit] = []
        merged.reserveCapacity(min(k, lists.reduce(0) { $0 + $1.count }))
        while merged.count < k, let best = heap.popMax() {
            merged.append(best.hit)
            let next = best.position + 1
            if next < lists[best.list].count {
                heap.insert(Cursor(hit: lists[best.list][next], list: best.list, position: next))
            }
        }
        return merged
    }
}
