import ScaleCore

/// A latency distribution plus the seeded generator it draws from, shared by all clients of a
/// target. Constant distributions never touch the lock.
final class LatencySampler: Sendable {
    let distribution: LatencyDistribution
    private let random: Locked<SeededGenerator>

    init(_ distribution: LatencyDistribution, seed: UInt64) {
        self.distribution = distribution
        random = Locked(SeededGenerator(seed: seed))
    }

    func nextNanos() -> UInt64 {
        switch distribution {
        case .none: return 0
        case .constant(let nanos): return nanos
        default: return random.withLock { distribution.sampleNanos(using: &$0) }
        }
    }
}
