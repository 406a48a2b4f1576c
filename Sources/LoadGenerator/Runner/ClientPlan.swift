import ScaleSupport

/// What one client task needs to know about the run's phases.
struct ClientPlan: Sendable {
    let clientIndex: Int
    /// Ops that start (closed) or are scheduled (open) before this are warm-up, not recorded.
    let measuredStartNanos: UInt64
    /// No op starts (or is scheduled) at or after this.
    let measuredEndNanos: UInt64
    /// This client's share of `Workload.operationCount`, `UInt64.max` when unlimited.
    let operationQuota: UInt64

    /// Clients yield to their worker's other clients every this many ops (mask + 1).
    static let yieldMask: UInt64 = 255
    /// Clients look for cancellation at least this often.
    static let cancellationCheckNanos: UInt64 = 10_000_000
    /// Open-loop sleeps wake at least this often to notice cancellation.
    static let sleepSliceNanos: UInt64 = 50_000_000
}

/// Open-loop arrivals of one client: evenly spaced, clients phase-shifted so that together they
/// issue `ratePerSecond` evenly spread ops.
struct OpenLoopSchedule: Sendable {
    let anchorNanos: UInt64
    let offsetNanos: Double
    let intervalNanos: Double
    /// See `RunnerOptions.maxScheduleBacklogNanos`.
    let backlogBoundNanos: UInt64

    init(anchorNanos: UInt64, ratePerSecond: Double, clientIndex: Int, clientCount: Int, maxScheduleBacklogNanos: UInt64) {
        self.anchorNanos = anchorNanos
        intervalNanos = Double(clientCount) * 1e9 / ratePerSecond
        offsetNanos = intervalNanos * Double(clientIndex) / Double(clientCount)
        let fourIntervals = (4 * intervalNanos).rounded(.up)
        backlogBoundNanos = max(maxScheduleBacklogNanos, fourIntervals >= 0x1p63 ? UInt64(1) << 63 : UInt64(fourIntervals))
    }

    /// Intended start of this client's `index`-th op (warm-up included).
    @inline(__always)
    func intendedStartNanos(ofOperation index: UInt64) -> UInt64 {
        let offset = offsetNanos + Double(index) * intervalNanos
        return offset >= 0x1p63 ? UInt64.max : anchorNanos &+ UInt64(offset)
    }
}
