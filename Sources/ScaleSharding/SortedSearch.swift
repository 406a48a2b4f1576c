import ScaleSupport
import ScaleStorage
extension Array where Element == UInt64 {
    /// How many leading elements satisfy `isBefore`, for ascending elements and a predicate that
    /// holds for a prefix only: a binary search with a fixed number of halving steps for a given count.
    @inlinable
    func sortedPrefixCount(where isBefore: (UInt64) -> Bool) -> Int {
        sortedPrefixCount(in: 0..<count, where: isBefore)
    }

    /// Like `sortedPrefixCount(where:)` within `range`: the index in `range` where the predicate
    /// stops holding (`range.upperBound` when it holds throughout).
    @inlinable
    func sortedPrefixCount(in range: Range<Int>, where isBefore: (UInt64) -> Bool) -> Int {
        withUnsafeBufferPointer { sorted in
            guard !range.isEmpty else { return range.lowerBound }
            var base = range.lowerBound
            var remaining = range.count
            while remaining > 1 {
                let half = remaining &>> 1
                if isBefore(sorted[base &+ half]) { base &+= half }
                remaining &-= half
            }
            // `base` is the last element before the boundary, or the first of the range when none is.
            return isBefore(sorted[base]) ? base &+ 1 : base
        }
    }
}
