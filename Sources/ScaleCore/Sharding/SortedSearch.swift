extension Array where Element == UInt64 {
    /// How many leading elements satisfy `isBefore`, for ascending elements and a predicate that
    /// holds for a prefix only: a binary search with a fixed number of halving steps for a given count.
    @inlinable
    func sortedPrefixCount(where isBefore: (UInt64) -> Bool) -> Int {
        withUnsafeBufferPointer { sorted in
            guard !sorted.isEmpty else { return 0 }
            var base = 0
            var remaining = sorted.count
            while remaining > 1 {
                let half = remaining &>> 1
                if isBefore(sorted[base &+ half]) { base &+= half }
                remaining &-= half
            }
            // `base` is the last element before the boundary, or 0 when none is.
            return isBefore(sorted[base]) ? base &+ 1 : base
        }
    }
}
