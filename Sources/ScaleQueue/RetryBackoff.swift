import ScaleSupport
import ScaleStorage
/// Exponential backoff with seeded jitter. After the n-th failed attempt a message waits
/// `min(maxDelayNanos, baseDelayNanos * multiplier^(n-1))`, scaled down by a random factor in
/// `(1 - jitterFraction, 1]` so retries of many messages failing together spread out.
public struct RetryBackoff: Sendable, Hashable, Codable {
    /// Delay after the first failure.
    public var baseDelayNanos: UInt64
    /// Growth per further failure (>= 1).
    public var multiplier: Double
    /// Upper bound on the delay before jitter.
    public var maxDelayNanos: UInt64
    /// Share of the delay that is random: 0 = none, 1 = "full jitter" (anywhere in (0, delay]).
    public var jitterFraction: Double

    /// Creates a backoff policy.
    public init(baseDelayNanos: UInt64 = 10_000_000, multiplier: Double = 2, maxDelayNanos: UInt64 = 10_000_000_000, jitterFraction: Double = 0.5) {
        self.baseDelayNanos = baseDelayNanos
        self.multiplier = multiplier
        self.maxDelayNanos = maxDelayNanos
        self.jitterFraction = jitterFraction
    }

    /// The delay before jitter after `failureCount` (>= 1) failed attempts.
    public func nominalDelayNanos(afterFailure failureCount: Int) -> UInt64 {
        let exponent = Double(max(0, failureCount - 1))
        let nanos = Double(baseDelayNanos) * power(multiplier, exponent)
        guard nanos.isFinite, nanos < Double(maxDelayNanos) else { return maxDelayNanos }
        return UInt64(nanos)
    }

    /// The jittered delay after `failureCount` failed attempts; `unitRandom` is uniform in [0, 1).
    public func delayNanos(afterFailure failureCount: Int, unitRandom: Double) -> UInt64 {
        let nominal = Double(nominalDelayNanos(afterFailure: failureCount))
        let factor = 1 - min(1, max(0, jitterFraction)) * unitRandom
        return UInt64(nominal * factor)
    }

    /// Throws `WorkQueueError.invalidConfiguration` when a value is out of range.
    public func validate() throws(WorkQueueError) {
        guard multiplier >= 1, multiplier.isFinite else {
            throw WorkQueueError(.invalidConfiguration, "backoff multiplier must be finite and >= 1, got \(multiplier)")
        }
        guard (0...1).contains(jitterFraction) else {
            throw WorkQueueError(.invalidConfiguration, "backoff jitterFraction must be in 0...1, got \(jitterFraction)")
        }
        guard baseDelayNanos <= maxDelayNanos else {
            throw WorkQueueError(.invalidConfiguration, "backoff baseDelayNanos \(baseDelayNanos) exceeds maxDelayNanos \(maxDelayNanos)")
        }
    }

    /// `base^exponent` for a non-negative integral exponent, by repeated squaring (no Foundation).
    private func power(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var factor = base
        var remaining = Int(min(exponent, 1_024))
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }
}
