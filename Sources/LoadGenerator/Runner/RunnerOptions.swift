/// Knobs of the runner itself (not of the workload); the defaults suit every normal run.
public struct RunnerOptions: Sendable, Hashable, Codable {
    /// Length of one timeline interval (and of the progress interval).
    public var timelineIntervalNanos: UInt64
    /// Open loop, bounded catch-up: a client never carries more than
    /// `max(maxScheduleBacklogNanos, 4 × its own inter-arrival time)` of overdue schedule. An op
    /// whose intended start is older than that is not issued: it is recorded in the latency
    /// histogram with the time it had waited when abandoned and counted as an error of kind
    /// `LoadRunner.scheduleSkippedErrorLabel`, so a stall still shows in latency and counts.
    public var maxScheduleBacklogNanos: UInt64
    /// Completed ops a client buffers before handing them to its worker's histograms (lowered
    /// for very many clients so all buffers together hold at most `totalBufferedSamplesMax`).
    public var clientBufferCapacity: Int

    /// Cap on buffered samples over all clients (32 bytes each).
    public static let totalBufferedSamplesMax = 262_144

    /// Options with the defaults: 1 s timeline, 1 s backlog bound, 256-op client buffers.
    public init(
        timelineIntervalNanos: UInt64 = 1_000_000_000,
        maxScheduleBacklogNanos: UInt64 = 1_000_000_000,
        clientBufferCapacity: Int = 256
    ) {
        self.timelineIntervalNanos = timelineIntervalNanos
        self.maxScheduleBacklogNanos = maxScheduleBacklogNanos
        self.clientBufferCapacity = clientBufferCapacity
    }

    /// Throws a `LoadGeneratorError` naming the first unusable option.
    public func validate() throws {
        guard timelineIntervalNanos > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "timeline interval is zero; use a positive interval, e.g. 1s")
        }
        guard clientBufferCapacity > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "client buffer capacity is \(clientBufferCapacity); use at least 1")
        }
    }
}
