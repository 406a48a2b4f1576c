import ScaleSupport

/// Runs a workload against a target: `threadCount` worker threads (each a task executor),
/// `clientCount` client tasks spread round-robin over them, closed or open loop.
///
/// Phases: warm-up for `workload.warmupNanos` (ops not recorded), then the measured phase for
/// `durationNanos` or `operationCount` ops, whichever ends first (`operationCount` is split evenly
/// over the clients). Each worker's clients record into that worker's histograms, one per
/// operation kind, merged at the end; the latency histogram holds every measured op (successes,
/// failures and skipped open-loop ops), so `count == latencyHistogram.totalCount`.
/// Cancelling the calling task stops the clients within one op (or 50 ms of an open-loop sleep)
/// and makes the run throw `CancellationError`.
public enum LoadRunner {
    /// Error label of open-loop ops skipped by the bounded catch-up rule (`RunnerOptions`).
    public static let scheduleSkippedErrorLabel = "schedule-skipped"
    /// Open loop starts its schedule this far in the future so every client is running by then.
    static let openLoopLeadNanos: UInt64 = 2_000_000

    /// Runs one load and returns everything it measured. See `runLoad(_:configuration:options:progress:)`.
    public static func run<T: LoadTarget>(
        _ target: T,
        configuration: RunConfiguration,
        options: RunnerOptions = RunnerOptions(),
        progress: (@Sendable (RunProgress) -> Void)? = nil
    ) async throws -> RunResult {
        try configuration.validate()
        try options.validate()
        let workload = configuration.workload
        let clientCount = configuration.clientCount
        let kindCount = workload.mix.entries.count
        let prototype = try OperationGenerator(workload: workload, clientIndex: 0, clientCount: clientCount)
        let generators = (0..<clientCount).map { prototype.forClient($0, clientCount: clientCount) }
        let bufferCapacity = max(16, min(options.clientBufferCapacity, RunnerOptions.totalBufferedSamplesMax / clientCount))
        try Task.checkCancellation()

        let pool = try WorkerPool(threadCount: configuration.threadCount, withProgressThread: progress != nil)
        let recorders = (0..<configuration.threadCount).map { _ in WorkerRecorder(kindCount: kindCount) }
        let isOpenLoop = configuration.isOpenLoop
        let runStartNanos = MonotonicClock.nowNanos() &+ (isOpenLoop ? openLoopLeadNanos : 0)
        let measuredStartNanos = runStartNanos &+ workload.warmupNanos
        let measuredEndNanos = measuredStartNanos &+ workload.durationNanos
        let timing = RunTiming(runStartNanos: runStartNanos, measuredStartNanos: measuredStartNanos, intervalNanos: options.timelineIntervalNanos)

        let allocatedAtMeasuredStart = Locked<UInt64?>(nil)
        let cpuAtMeasuredStart = Locked<(processNanos: UInt64, wallNanos: UInt64)?>(nil)
        await withTaskGroup(of: Bool.self) { group in
            for clientIndex in 0..<clientCount {
                let plan = ClientPlan(
                    clientIndex: clientIndex, measuredStartNanos: measuredStartNanos, measuredEndNanos: measuredEndNanos,
                    operationQuota: operationQuota(workload.operationCount, clientIndex: clientIndex, clientCount: clientCount)
                )
                let recorder = ClientRecorder(
                    worker: recorders[pool.workerIndex(forClient: clientIndex)], isOpenLoop: isOpenLoop,
                    measuredStartNanos: measuredStartNanos, measuredDurationNanos: workload.durationNanos,
                    intervalNanos: options.timelineIntervalNanos,
                    capacity: bufferCapacity
                )
                let generator = generators[clientIndex]
                let mode = configuration.mode
                let maxBacklogNanos = options.maxScheduleBacklogNanos
                group.addTask(executorPreference: pool.executor(forClient: clientIndex)) {
                    switch mode {
                    case .closed:
                        await runClosedLoopClient(target, generator: generator, plan: plan, recorder: recorder)
                    case .open(let ratePerSecond):
                        let schedule = OpenLoopSchedule(
                            anchorNanos: runStartNanos, ratePerSecond: ratePerSecond, clientIndex: clientIndex,
                            clientCount: clientCount, maxScheduleBacklogNanos: maxBacklogNanos
                        )
                        await runOpenLoopClient(target, generator: generator, plan: plan, schedule: schedule, recorder: recorder)
                    }
                    return true
                }
            }
            // The worker threads' allocation total when the measured phase begins.
            let executors = pool.executors
            group.addTask {
                guard await sleepUntil(measuredStartNanos) else { return false }
                allocatedAtMeasuredStart.withLock { $0 = WorkerPool.allocatedBytes(executors) }
                cpuAtMeasuredStart.withLock { $0 = (CPUClock.processNanos(), MonotonicClock.nowNanos()) }
                return false
            }
            if let progress, let reporterExecutor = pool.progressExecutor {
                // Its own thread: status lines keep coming even when the cooperative pool is busy.
                group.addTask(executorPreference: reporterExecutor) {
                    await reportProgress(progress, recorders: recorders, timing: timing)
                    return false
                }
            }
            var runningClientCount = clientCount
            for await isClient in group where isClient {
                runningClientCount -= 1
                // Only the progress reporter is left: stop it.
                if runningClientCount == 0 { group.cancelAll() }
            }
        }
        if Task.isCancelled { throw CancellationError() }

        let cpu = cpuAtMeasuredStart.withLock { $0 }.map { start in
            CPUUse(
                processNanos: MonotonicClock.elapsedNanos(from: start.processNanos, to: CPUClock.processNanos()),
                wallNanos: MonotonicClock.elapsedNanos(from: start.wallNanos, to: MonotonicClock.nowNanos())
            )
        }
        var merged = WorkerRecording(kindCount: kindCount)
        for recorder in recorders { merged.add(recorder.snapshot()) }
        var memory = JemallocStats.current()
        if let startBytes = allocatedAtMeasuredStart.withLock({ $0 }), let endBytes = WorkerPool.allocatedBytes(pool.executors),
           merged.operationCount > 0 {
            memory.allocatedBytesPerOp = Double(endBytes &- min(startBytes, endBytes)) / Double(merged.operationCount)
        }
        let targetMetrics = await target.runMetrics()
        var result = RunResult(
            configuration: configuration, merged: merged, measuredStartNanos: measuredStartNanos,
            intervalNanos: options.timelineIntervalNanos, isOpenLoop: isOpenLoop,
            memory: memory, targetMetrics: targetMetrics
        )
        result.cpu = cpu
        let declarations = target.metricDeclarations
        result.targetMetricDeclarations = declarations.isEmpty ? nil : declarations
        return result
    }

    /// Client `clientIndex`'s share of `operationCount` (the remainder goes to the first clients).
    static func operationQuota(_ operationCount: UInt64?, clientIndex: Int, clientCount: Int) -> UInt64 {
        guard let operationCount else { return UInt64.max }
        let clients = UInt64(clientCount)
        return operationCount / clients + (UInt64(clientIndex) < operationCount % clients ? 1 : 0)
    }
}

/// Runs `target` under `configuration` and returns what it measured; the entry point the CLI and
/// exercise modules call. Same as `LoadRunner.run`.
///
/// - Parameter progress: called about once per `options.timelineIntervalNanos` from a background
///   task with a cheap snapshot for a status line; keep it quick.
/// - Throws: `LoadGeneratorError` for an invalid configuration, `CancellationError` when the
///   calling task is cancelled.
public func runLoad<T: LoadTarget>(
    _ target: T,
    configuration: RunConfiguration,
    options: RunnerOptions = RunnerOptions(),
    progress: (@Sendable (RunProgress) -> Void)? = nil
) async throws -> RunResult {
    try await LoadRunner.run(target, configuration: configuration, options: options, progress: progress)
}
