import ScaleSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-way delay of a simulated link: how long one message takes from sender to receiver.
///
/// A request/response `call` sends two messages and so pays two independent samples.
/// Write one as a named profile ("none", "same-zone", "cross-zone", "cross-region") or a
/// distribution string ("constant:200us", "uniform:50us:150us", "normal:100us:20us",
/// "exponential:100us", "lognormal:1ms:0.3"); see `init(parsing:)`.
public enum LatencyDistribution: Sendable, Hashable, CustomStringConvertible {
    /// No delay and no timer: the message is delivered inline.
    case none
    /// Always `nanos`.
    case constant(nanos: UInt64)
    /// Uniform in `minNanos...maxNanos`.
    case uniform(minNanos: UInt64, maxNanos: UInt64)
    /// Normal with mean and standard deviation; negative samples are clamped to 0
    /// (negligible while `stddevNanos <= meanNanos / 3`).
    case normal(meanNanos: UInt64, stddevNanos: UInt64)
    /// Exponential with mean `meanNanos` (memoryless, long tail).
    case exponential(meanNanos: UInt64)
    /// Log-normal: `medianNanos * exp(sigma * Z)`, Z standard normal; mean is `median * exp(sigma²/2)`.
    case lognormal(medianNanos: UInt64, sigma: Double)

    /// Same availability zone: ~100 µs one way, mild tail.
    public static let sameZone = LatencyDistribution.lognormal(medianNanos: 100_000, sigma: 0.2)
    /// Another zone of the same region: ~1 ms one way.
    public static let crossZone = LatencyDistribution.lognormal(medianNanos: 1_000_000, sigma: 0.2)
    /// Another region: ~30 ms one way.
    public static let crossRegion = LatencyDistribution.lognormal(medianNanos: 30_000_000, sigma: 0.1)

    /// The named profiles, in order of distance.
    public static let namedProfiles: [(name: String, distribution: LatencyDistribution)] = [
        ("none", .none), ("same-zone", .sameZone), ("cross-zone", .crossZone), ("cross-region", .crossRegion),
    ]

    /// Whether messages on this link skip the timer entirely.
    @inlinable public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The profile's name if it is one of `namedProfiles`.
    public var profileName: String? {
        Self.namedProfiles.first { $0.distribution == self }?.name
    }

    /// Expected one-way delay.
    public var meanNanos: Double {
        switch self {
        case .none: 0
        case .constant(let nanos): Double(nanos)
        case .uniform(let low, let high): (Double(low) + Double(high)) / 2
        case .normal(let mean, _): Double(mean)
        case .exponential(let mean): Double(mean)
        case .lognormal(let median, let sigma): Double(median) * exp(sigma * sigma / 2)
        }
    }

    /// Standard deviation of the one-way delay (before clamping).
    public var stddevNanos: Double {
        switch self {
        case .none, .constant: 0
        case .uniform(let low, let high): (Double(high) - Double(low)) / 12.0.squareRoot()
        case .normal(_, let stddev): Double(stddev)
        case .exponential(let mean): Double(mean)
        case .lognormal(let median, let sigma):
            Double(median) * exp(sigma * sigma / 2) * (exp(sigma * sigma) - 1).squareRoot()
        }
    }

    /// Parseable text: the profile name for named profiles, else e.g. "constant:200us".
    public var description: String {
        if let name = profileName { return name }
        let text = NetworkDurationText.text(nanos:)
        switch self {
        case .none: return "none"
        case .constant(let nanos): return "constant:\(text(nanos))"
        case .uniform(let low, let high): return "uniform:\(text(low)):\(text(high))"
        case .normal(let mean, let stddev): return "normal:\(text(mean)):\(text(stddev))"
        case .exponential(let mean): return "exponential:\(text(mean))"
        case .lognormal(let median, let sigma): return "lognormal:\(text(median)):\(sigma)"
        }
    }
}
