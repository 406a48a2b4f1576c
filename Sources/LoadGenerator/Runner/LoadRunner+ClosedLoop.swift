import ScaleCore

extension LoadRunner {
    /// Closed loop: issue the next op as soon as the previous one completes; latency is
    /// actual start to completion.
    static func runClosedLoopClient<T: LoadTarget>(
        _ target: T, generator: OperationGenerator, plan: ClientPlan, recorder: ClientRecorder
    ) async {
        var generator = generator
        var recorder = recorder
        var measuredCount: UInt64 = 0
        var iteration: UInt64 = 0
        while true {
            iteration &+= 1
            guard await yieldPeriodically(iteration) else { break }
            let operation = generator.next()
            let startNanos = MonotonicClock.nowNanos()
            if startNanos >= plan.measuredEndNanos || measuredCount >= plan.operationQuota { break }
            let failure = await perform(operation, on: target)
            let endNanos = MonotonicClock.nowNanos()
            guard startNanos >= plan.measuredStartNanos else { continue }
            measuredCount &+= 1
            recorder.record(
                kindIndex: operation.kindIndex, latencyNanos: endNanos &- startNanos, serviceNanos: 0, lagNanos: 0,
                completionNanos: endNanos, failure: failure
            )
        }
        recorder.flush()
    }

    /// Runs one op; a thrown error is returned, not rethrown (it is counted, not fatal).
    @inline(__always)
    static func perform<T: LoadTarget>(_ operation: Operation, on target: T) async -> (any Error)? {
        do {
            try await target.perform(operation)
            return nil
        } catch {
            return error
        }
    }

    /// Every `ClientPlan.yieldMask + 1` iterations lets the worker's other clients run; false
    /// when the run is cancelled.
    @inline(__always)
    static func yieldPeriodically(_ iteration: UInt64) async -> Bool {
        guard iteration & ClientPlan.yieldMask == 0 else { return true }
        if Task.isCancelled { return false }
        await Task.yield()
        return true
    }
}
