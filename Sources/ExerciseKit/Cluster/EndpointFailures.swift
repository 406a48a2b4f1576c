/// How often a simulated external service fails, per call, and how. Each rate is a probability
/// in 0…1; transient and permanent failures together at most 1.
public struct EndpointFailures: Sendable, Hashable {
    /// Refused before the handler runs (the provider is overloaded): a retry may succeed.
    public var transientRate: Double
    /// Rejected before the handler runs (e.g. an unknown device token): retrying never helps.
    public var permanentRate: Double
    /// The handler ran but its reply is lost: the caller waits its timeout and sees `.timeout`,
    /// not knowing the call took effect (so a retry repeats it: deduplicate downstream).
    public var lostAcknowledgementRate: Double

    /// No failures.
    public static let none = EndpointFailures()

    /// Creates a failure model; `validate()` checks it.
    public init(transientRate: Double = 0, permanentRate: Double = 0, lostAcknowledgementRate: Double = 0) {
        self.transientRate = transientRate
        self.permanentRate = permanentRate
        self.lostAcknowledgementRate = lostAcknowledgementRate
    }

    /// Throws a one-line `ClusterError` naming the rate and its allowed range.
    public func validate() throws(ClusterError) {
        for (name, rate) in [("transient", transientRate), ("permanent", permanentRate), ("lost-acknowledgement", lostAcknowledgementRate)] {
            guard (0...1).contains(rate) else {
                throw ClusterError("endpoint \(name) failure rate \(rate) is out of range; use 0 to 1")
            }
        }
        guard transientRate + permanentRate <= 1 else {
            throw ClusterError("endpoint transient + permanent failure rates add up to \(transientRate + permanentRate); keep the sum at most 1")
        }
    }
}
