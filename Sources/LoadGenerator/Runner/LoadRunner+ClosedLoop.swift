import ScaleSupport

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
        var nextCancellationCheckNanos: UInt64 = 0
        while true {
            iteration &+= 1
            // Fairness for the worker's other clients. At the top of the loop the executor hop
            // after this await is only paid when yielding (elsewhere it lands on every iteration).
            if iteration & ClientPlan.yieldMask == 0 { await Task.yield() }
            let operation = generator.next()
            let startNanos = MonotonicClock.nowNanos()
            if startNanos >= plan.measuredEndNanos || measuredCount >= plan.operationQuota { break }
            if isCancelled(nowNanos: startNanos, nextCheckNanos: &nextCancellationCheckNanos) { break }
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
    static func perform<T: LoadTarget>(_ operation: LoadOperation, on target: T) async -> (any Error)? {
        do {
            try await target.perform(operation)
            return nil
        } catch {
            return error
        }
    }

    /// Looks for cancellation at most every `ClientPlan.cancellationCheckNanos` (synchronous,
    /// so it adds no executor hop), which stops even a slow target within one op.
    @inline(__always)
    static func isCancelled(nowNanos: UInt64, nextCheckNanos: inout UInt64) -> Bool {
        guard nowNanos >= nextCheckNanos else { return false }
        nextCheckNanos = nowNanos &+ ClientPlan.cancellationCheckNanos
        return Task.isCancelled
    }
}
