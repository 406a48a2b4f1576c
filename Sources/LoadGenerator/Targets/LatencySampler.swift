import Synchronization
import ScaleSupport
import ScaleNetwork

/// A latency distribution and the seeded stream it draws from, shared by all clients of a target.
///
/// Draw `n` comes from a generator seeded by (seed, n), so clients share one atomic counter and
/// no lock: a lock around the draw serialised every client of a drawn distribution.
final class LatencySampler: Sendable {
    let distribution: LatencyDistribution
    private let seed: UInt64
    private let drawCount = Atomic<UInt64>(0)

    init(_ distribution: LatencyDistribution, seed: UInt64) {
        self.distribution = distribution
        self.seed = seed
    }

    func nextNanos() -> UInt64 {
        switch distribution {
        case .none: return 0
        case .constant(let nanos): return nanos
        default:
            let draw = drawCount.wrappingAdd(1, ordering: .relaxed).oldValue
            var generator = SeededGenerator(seed: seed, stream: Int(truncatingIfNeeded: draw))
            return distribution.sampleNanos(using: &generator)
        }
    }
}
