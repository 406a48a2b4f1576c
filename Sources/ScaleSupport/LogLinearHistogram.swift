/// A lock-free histogram of nanosecond values in log-linear buckets (four per power of two, so a
/// quantile is within ±12.5 %): cheap enough to record on every sleep of the timer's hot path.
package final class LogLinearHistogram: Sendable {
    /// Values below 1 µs share bucket 0; each power of two above has `subBuckets` buckets.
    private static let subBucketBits = 2
    private static let subBuckets = 1 << subBucketBits
    private static let firstPowerOfTwo = 10
    /// Up to 2^40 ns (about 18 minutes); larger values land in the last bucket.
    private static let bucketCount = (40 - firstPowerOfTwo) * subBuckets + 1
    private let buckets = AtomicSlotArray(count: bucketCount)

    package init() {}

    /// Records one value.
    package func record(_ nanos: UInt64) {
        buckets.add(1, at: Self.bucket(of: nanos))
    }

    /// Per-bucket counts, to subtract an earlier snapshot from a later one.
    package func snapshot() -> [UInt64] {
        (0..<Self.bucketCount).map { buckets.load($0) }
    }

    /// The value at quantile `q` (0...1) of the counts in `snapshot` (the middle of its bucket),
    /// or nil when the snapshot is empty.
    package static func quantileNanos(_ q: Double, of snapshot: [UInt64]) -> Double? {
        let total = snapshot.reduce(0, &+)
        guard total > 0 else { return nil }
        let rank = UInt64((Double(total) * min(1, max(0, q))).rounded(.up))
        var seen: UInt64 = 0
        for (index, count) in snapshot.enumerated() {
            seen &+= count
            if seen >= max(1, rank) { return middleNanos(of: index) }
        }
        return middleNanos(of: snapshot.count - 1)
    }

    static func bucket(of nanos: UInt64) -> Int {
        let powerOfTwo = 63 - nanos.leadingZeroBitCount
        guard nanos > 0, powerOfTwo >= firstPowerOfTwo else { return 0 }
        let sub = Int(truncatingIfNeeded: nanos >> (powerOfTwo - subBucketBits)) & (subBuckets - 1)
        return min(bucketCount - 1, (powerOfTwo - firstPowerOfTwo) * subBuckets + sub + 1)
    }

    static func middleNanos(of bucket: Int) -> Double {
        guard bucket > 0 else { return Double(1 << firstPowerOfTwo) / 2 }
        let powerOfTwo = (bucket - 1) / subBuckets + firstPowerOfTwo
        let sub = (bucket - 1) % subBuckets
        let width = Double(1 << (powerOfTwo - subBucketBits))
        return Double(1 << powerOfTwo) + width * (Double(sub) + 0.5)
    }
}
