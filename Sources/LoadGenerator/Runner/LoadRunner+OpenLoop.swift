import ScaleSupport

extension LoadRunner {
    /// Open loop: each op has an intended start on the client's schedule. Latency runs from the
    /// intended start (coordinated-omission corrected, as wrk2), service time from the actual
    /// start, schedule lag is actual minus intended start. A client that falls more than
    /// `schedule.backlogBoundNanos` behind skips the overdue ops (see `RunnerOptions`).
    static func runOpenLoopClient<T: LoadTarget>(
        _ target: T, generator: OperationGenerator, plan: ClientPlan, schedule: OpenLoopSchedule, recorder: ClientRecorder
    ) async {
        var generator = generator
        var recorder = recorder
        var measuredCount: UInt64 = 0
        var operationIndex: UInt64 = 0
        var nextCancellationCheckNanos: UInt64 = 0
        while true {
            operationIndex &+= 1
            if operationIndex & ClientPlan.yieldMask == 0 { await Task.yield() }
            // Drawn even when skipped, so the op sequence does not depend on timing.
            let operation = generator.next()
            let intendedNanos = schedule.intendedStartNanos(ofOperation: operationIndex &- 1)
            if intendedNanos >= plan.measuredEndNanos || measuredCount >= plan.operationQuota { break }
            let isMeasured = intendedNanos >= plan.measuredStartNanos
            var startNanos = MonotonicClock.nowNanos()
            if isCancelled(nowNanos: startNanos, nextCheckNanos: &nextCancellationCheckNanos) { break }
            if startNanos < intendedNanos {
                guard await sleepUntil(intendedNanos) else { break }
                startNanos = MonotonicClock.nowNanos()
            } else if startNanos - intendedNanos > schedule.backlogBoundNanos {
                // Skip every op overdue at this instant in one go: no clock read per skipped op.
                var skipped = operation
                var skippedIntendedNanos = intendedNanos
                while true {
                    if skippedIntendedNanos >= plan.measuredStartNanos {
                        measuredCount &+= 1
                        recorder.recordSkipped(kindIndex: skipped.kindIndex, latencyNanos: startNanos - skippedIntendedNanos, completionNanos: startNanos)
                    }
                    let nextIntendedNanos = schedule.intendedStartNanos(ofOperation: operationIndex)
                    let stillOverdue = nextIntendedNanos < plan.measuredEndNanos && measuredCount < plan.operationQuota
                        && startNanos - min(startNanos, nextIntendedNanos) > schedule.backlogBoundNanos
                    guard stillOverdue, operationIndex & ClientPlan.yieldMask != ClientPlan.yieldMask else { break }
                    operationIndex &+= 1
                    skipped = generator.next()
                    skippedIntendedNanos = nextIntendedNanos
                }
                continue
            }
            let failure = await perform(operation, on: target)
            let endNanos = MonotonicClock.nowNanos()
            guard isMeasured else { continue }
            measuredCount &+= 1
            recorder.record(
                kindIndex: operation.kindIndex, latencyNanos: endNanos - intendedNanos,
                serviceNanos: endNanos - startNanos, lagNanos: startNanos - intendedNanos, completionNanos: endNanos,
                failure: failure
            )
        }
        recorder.flush()
    }

    /// Sleeps with `PreciseSleeper` until `deadlineNanos`, in slices so cancellation is noticed
    /// within `ClientPlan.sleepSliceNanos`; returns false when cancelled. Never returns early:
    /// the sleeper's sub-microsecond shortcut is finished by spinning on the clock.
    static func sleepUntil(_ deadlineNanos: UInt64) async -> Bool {
        var nowNanos = MonotonicClock.nowNanos()
        while nowNanos < deadlineNanos {
            await PreciseSleeper.shared.sleep(untilNanos: min(deadlineNanos, nowNanos &+ ClientPlan.sleepSliceNanos))
            if Task.isCancelled { return false }
            nowNanos = MonotonicClock.nowNanos()
        }
        return true
    }
}
