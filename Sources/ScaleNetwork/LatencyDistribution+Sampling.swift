import ScaleSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LatencyDistribution {
    /// One one-way delay drawn from the distribution, clamped to `0...1 hour` so it always fits.
    @inlinable
    public func sampleNanos<G: RandomNumberGenerator>(using generator: inout G) -> UInt64 {
        switch self {
        case .none:
            return 0
        case .constant(let nanos):
            return nanos
        case .uniform(let low, let high):
            guard high > low else { return low }
            return low &+ UInt64.random(in: 0...(high - low), using: &generator)
        case .normal(let mean, let stddev):
            return Self.clampedNanos(Double(mean) + Double(stddev) * Self.standardNormal(using: &generator))
        case .exponential(let mean):
            // 1 - u lies in (0, 1], so the logarithm is finite.
            return Self.clampedNanos(-Double(mean) * log(1 - Self.unitDouble(using: &generator)))
        case .lognormal(let median, let sigma):
            return Self.clampedNanos(Double(median) * exp(sigma * Self.standardNormal(using: &generator)))
        }
    }

    /// Longest delay a sample can take (one hour): keeps the `UInt64` conversion from trapping.
    @usableFromInline static let maximumSampleNanos: Double = 3_600_000_000_000

    @inlinable
    static func clampedNanos(_ nanos: Double) -> UInt64 {
        guard nanos > 0 else { return 0 }
        return nanos < maximumSampleNanos ? UInt64(nanos) : UInt64(maximumSampleNanos)
    }

    @inlinable
    static func unitDouble<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// A standard normal variate by Box–Muller (one of the pair; the other is discarded for simplicity).
    @inlinable
    static func standardNormal<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        let u1 = 1 - unitDouble(using: &generator)
        let u2 = unitDouble(using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
