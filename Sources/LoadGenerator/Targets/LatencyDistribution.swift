#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScaleCore

/// How long a synthetic operation takes: the `delay`, `spin` and `stall` targets draw from one.
public enum LatencyDistribution: Sendable, Hashable, Codable {
    case constant(nanos: UInt64)
    /// Uniform in `minNanos...maxNanos`.
    case uniform(minNanos: UInt64, maxNanos: UInt64)
    /// Normal, truncated at zero.
    case normal(meanNanos: UInt64, standardDeviationNanos: UInt64)
    case exponential(meanNanos: UInt64)
    /// Log-normal with the given median (= e^mu) and shape `sigma`: `median * e^(sigma * Z)`.
    case lognormal(medianNanos: UInt64, sigma: Double)

    /// One latency draw.
    public func sampleNanos(using random: inout SeededGenerator) -> UInt64 {
        switch self {
        case .constant(let nanos):
            return nanos
        case .uniform(let minNanos, let maxNanos):
            return minNanos + KeyMath.uniform(maxNanos - minNanos + 1, using: &random)
        case .normal(let meanNanos, let standardDeviationNanos):
            return Self.nanos(Double(meanNanos) + Double(standardDeviationNanos) * Self.standardNormal(using: &random))
        case .exponential(let meanNanos):
            return Self.nanos(-Double(meanNanos) * log(1 - random.nextUnitDouble()))
        case .lognormal(let medianNanos, let sigma):
            return Self.nanos(Double(medianNanos) * exp(sigma * Self.standardNormal(using: &random)))
        }
    }

    /// The distribution's mean (of the untruncated distribution for `normal`).
    public var meanNanos: Double {
        switch self {
        case .constant(let nanos): Double(nanos)
        case .uniform(let minNanos, let maxNanos): (Double(minNanos) + Double(maxNanos)) / 2
        case .normal(let meanNanos, _): Double(meanNanos)
        case .exponential(let meanNanos): Double(meanNanos)
        case .lognormal(let medianNanos, let sigma): Double(medianNanos) * exp(sigma * sigma / 2)
        }
    }

    /// True when every draw is the same, so no random draw (and no lock) is needed.
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }

    /// A standard normal draw (Box–Muller).
    static func standardNormal(using random: inout SeededGenerator) -> Double {
        let u1 = 1 - random.nextUnitDouble()
        let u2 = random.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private static func nanos(_ value: Double) -> UInt64 {
        value <= 0 ? 0 : (value >= 0x1p63 ? UInt64(1) << 63 : UInt64(value.rounded()))
    }
}
