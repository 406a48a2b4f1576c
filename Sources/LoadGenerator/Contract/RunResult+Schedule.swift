extension RunConfiguration {
    /// True for an open-loop (fixed arrival rate) run.
    public var isOpenLoop: Bool {
        if case .open = mode { return true }
        return false
    }
}

extension RunResult {
    /// The open-loop arrival rate asked for; nil in closed loop.
    public var offeredRatePerSec: Double? {
        if case .open(let ratePerSecond) = configuration.mode { return ratePerSecond }
        return nil
    }

    /// Open-loop operations abandoned by the bounded catch-up rule (see `RunnerOptions`).
    public var skippedCount: UInt64 {
        overall.errorsByKind[LoadRunner.scheduleSkippedErrorLabel] ?? 0
    }

    /// Operations actually issued per second of the measured phase (completed or failed, not skipped).
    public var issuedOpsPerSec: Double {
        Double(overall.count &- min(skippedCount, overall.count)) * 1e9 / Double(max(1, elapsedNanos))
    }

    /// Open loop: false when the clients could not keep the schedule (operations were skipped, or
    /// fewer than `scheduleKeptFraction` of the offered rate were issued), so the figures describe
    /// a saturated generator (too few clients for the target's latency, or too little CPU), not
    /// the offered load. Nil in closed loop.
    public var isScheduleKept: Bool? {
        guard let offered = offeredRatePerSec else { return nil }
        return skippedCount == 0 && issuedOpsPerSec >= offered * Self.scheduleKeptFraction
    }

    /// Share of the offered rate the generator must issue for the schedule to count as kept.
    public static let scheduleKeptFraction = 0.8
}
