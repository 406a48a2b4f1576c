import Histogram
import Testing
@testable import LoadGenerator
import ScaleCore

func runConfiguration(
    mix: OperationMix = .single("get"), distribution: KeyDistributionSpec = .uniform,
    durationNanos: UInt64 = 10_000_000_000, operationCount: UInt64? = nil, warmupNanos: UInt64 = 0,
    mode: LoadMode = .closed, threadCount: Int = 2, clientCount: Int = 4, seed: UInt64 = 1
) -> RunConfiguration {
    RunConfiguration(
        workload: Workload(
            mix: mix, keyCount: 1_000, keyDistribution: distribution, durationNanos: durationNanos,
            operationCount: operationCount, warmupNanos: warmupNanos, seed: seed
        ),
        mode: mode, threadCount: threadCount, clientCount: clientCount
    )
}

/// Runs `attempt` up to `count` times until it returns nil (no problem); returns the last problem.
/// For latency bounds only: a 2-core machine shared with parallel tests can delay one run's
/// threads by a scheduler slice, but a real latency bug fails every attempt.
func firstPassingAttempt(_ count: Int = 3, _ attempt: () async throws -> String?) async rethrows -> String? {
    var problem: String?
    for _ in 0..<count {
        problem = try await attempt()
        if problem == nil { return nil }
    }
    return problem
}

// Serialized: these runs measure latency with real threads and must not starve each other.
@Suite(.serialized) struct RunnerTests {
    @Test func closedLoopNeverExceedsClientCountInFlight() async throws {
        let target = ConcurrencyProbeTarget(delayNanos: 1_000_000)
        let result = try await runLoad(target, configuration: runConfiguration(operationCount: 120, threadCount: 2, clientCount: 6))
        #expect(target.maxObservedInFlight <= 6)
        #expect(target.maxObservedInFlight == 6, "clients should overlap while each op sleeps")
        #expect(result.overall.count == 120)
        #expect(target.callCount == 120)
    }

    @Test func histogramsMergeAcrossWorkersToTheTotalCount() async throws {
        let mix = OperationMix([.init(name: "get", weight: 3), .init(name: "update", weight: 1)])
        let result = try await runLoad(NoopTarget(), configuration: runConfiguration(mix: mix, operationCount: 10_001, threadCount: 3, clientCount: 7))
        #expect(result.overall.count == 10_001)
        #expect(result.overall.latencyHistogram.decode().totalCount == 10_001)
        let perKind = result.operations.values.map(\.count)
        #expect(perKind.reduce(0, +) == 10_001)
        #expect(Set(result.operations.keys) == ["get", "update"])
        #expect(result.timeline.map(\.operations).reduce(0, +) == 10_001)
        #expect(result.overall.serviceTime == nil && result.scheduleLag == nil)
        #expect(result.overall.throughputOpsPerSec > 0)
        // jemalloc is not linked into the test runner; when it is, the figures are live bytes.
        #expect((result.memory.allocatedBytes ?? 1) > 0 && (result.memory.residentBytes ?? 1) > 0)
    }

    @Test func errorsAreCountedByKind() async throws {
        let mix = OperationMix([.init(name: "get", weight: 1), .init(name: "update", weight: 1)])
        let configuration = runConfiguration(mix: mix, operationCount: 4_000, threadCount: 2, clientCount: 4)
        let result = try await runLoad(FailingTarget(), configuration: configuration)

        // Replay every client's deterministic stream to know exactly which ops had to fail.
        var expectedConflicts: UInt64 = 0
        var expectedPlain: UInt64 = 0
        for client in 0..<4 {
            var generator = try OperationGenerator(workload: configuration.workload, clientIndex: client, clientCount: 4)
            for _ in 0..<LoadRunner.operationQuota(4_000, clientIndex: client, clientCount: 4) {
                let operation = generator.next()
                if operation.kindIndex == 1 { expectedConflicts += 1 } else if operation.key % 2 == 0 { expectedPlain += 1 }
            }
        }
        #expect(result.operations["update"]?.errorsByKind == ["conflict": expectedConflicts])
        #expect(result.operations["get"]?.errorsByKind == ["PlainError": expectedPlain])
        #expect(result.overall.errorsByKind == ["conflict": expectedConflicts, "PlainError": expectedPlain])
        #expect(result.overall.errorCount == expectedConflicts + expectedPlain)
        #expect(result.timeline.map(\.errors).reduce(0, +) == expectedConflicts + expectedPlain)
        #expect(result.targetMetrics == ["probe": 1])
        // Throughput counts only what completed without error.
        let completed = Double(result.overall.count - result.overall.errorCount)
        #expect(abs(result.overall.throughputOpsPerSec * Double(result.elapsedNanos) / 1e9 - completed) < 0.5)
    }

    @Test func spinBurnsItsWorkInCPUTime() async throws {
        let workNanos: UInt64 = 1_000_000
        let cpuStartNanos = LoadGeneratorBenchmarks.processCPUNanos()
        let result = try await runLoad(
            SpinTarget(work: .constant(nanos: workNanos)), configuration: runConfiguration(operationCount: 40, threadCount: 1, clientCount: 2)
        )
        let cpuNanos = LoadGeneratorBenchmarks.processCPUNanos() - cpuStartNanos
        // CPU time, not wall time: however often the thread was descheduled, the work was done.
        #expect(cpuNanos >= result.overall.count * workNanos, "\(cpuNanos) ns of CPU for \(result.overall.count) ops")
    }

    @Test func theMeasuredPhasesCPUCoversTheWorkItsOperationsBurned() async throws {
        let workNanos: UInt64 = 1_000_000
        let result = try await runLoad(
            SpinTarget(work: .constant(nanos: workNanos)), configuration: runConfiguration(operationCount: 40, threadCount: 1, clientCount: 2)
        )
        let cpu = try #require(result.cpu, "a run keeps its CPU use")
        #expect(cpu.processNanos >= result.overall.count * workNanos, "\(cpu.processNanos) ns of CPU for \(result.overall.count) ops")
        #expect((cpu.nanosPerOperation(result.overall.count) ?? 0) >= Double(workNanos))
        #expect(cpu.wallNanos > 0 && cpu.nanosPerOperation(0) == nil)
    }

    @Test func anOpenLoopScheduleTooFastForItsClientsIsFlagged() async throws {
        // 2 clients of a 1 ms target complete at most 2k ops/s: 20k/s offered cannot be kept.
        let saturated = try await runLoad(
            DelayTarget(latency: .constant(nanos: 1_000_000)),
            configuration: runConfiguration(durationNanos: 300_000_000, mode: .open(ratePerSecond: 20_000), threadCount: 1, clientCount: 2)
        )
        #expect(saturated.offeredRatePerSec == 20_000)
        #expect(saturated.isScheduleKept == false)
        #expect(saturated.issuedOpsPerSec < 20_000 * RunResult.scheduleKeptFraction)
        let closed = try await runLoad(NoopTarget(), configuration: runConfiguration(operationCount: 100))
        #expect(closed.isScheduleKept == nil && closed.offeredRatePerSec == nil)
    }

    @Test func delayTargetNeverReportsLessThanItsDelay() async throws {
        let delayNanos: UInt64 = 2_000_000
        let target = DelayTarget(latency: .constant(nanos: delayNanos))
        let result = try await runLoad(target, configuration: runConfiguration(operationCount: 200, threadCount: 2, clientCount: 4))
        #expect(result.overall.count == 200)
        // The histogram keeps 3 significant digits: its lowest bucket may sit 0.1 % under the value.
        let minimumNanos = result.overall.latencyHistogram.decode().min
        #expect(minimumNanos >= delayNanos * 999 / 1_000, "shortest op \(minimumNanos) ns")
    }

    @Test func openLoopStallShowsInCorrectedLatencyButNotServiceTime() async throws {
        let pauseNanos: UInt64 = 100_000_000
        let problem = try await firstPassingAttempt {
            let target = try StallTarget(periodNanos: 500_000_000, pauseNanos: pauseNanos)
            let configuration = runConfiguration(durationNanos: 1_200_000_000, mode: .open(ratePerSecond: 2_000), threadCount: 2, clientCount: 4)
            let result = try await runLoad(target, configuration: configuration)
            guard let serviceTime = result.overall.serviceTime, let lag = result.scheduleLag else { return "open loop must report service time and lag" }
            // ~20% of ops are scheduled during a stall and wait for it; only the one op in flight
            // per client per stall (~0.4%) has a long service time.
            if result.overall.latency.p99Nanos < pauseNanos / 2 { return "corrected p99 \(result.overall.latency.p99Nanos) ns misses the stall" }
            if serviceTime.p99Nanos >= pauseNanos / 2 { return "service-time p99 \(serviceTime.p99Nanos) ns should not show the stall" }
            if serviceTime.maxNanos < pauseNanos / 2 { return "the op in flight during a stall must see it (max \(serviceTime.maxNanos) ns)" }
            if lag.maxNanos < pauseNanos / 2 { return "schedule lag max \(lag.maxNanos) ns misses the stall" }
            if result.overall.errorsByKind[LoadRunner.scheduleSkippedErrorLabel] != nil { return "nothing should be skipped within the 1 s bound" }
            return nil
        }
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func openLoopIssuesTheConfiguredRate() async throws {
        let configuration = runConfiguration(durationNanos: 500_000_000, mode: .open(ratePerSecond: 2_000), threadCount: 2, clientCount: 3)
        let result = try await runLoad(NoopTarget(), configuration: configuration)
        // 2000/s for 0.5 s: the schedule fixes the count, whatever the machine's speed.
        #expect(result.overall.count >= 950 && result.overall.count <= 1_000, "count \(result.overall.count)")
        let serviceHistogram = try #require(result.overall.serviceTimeHistogram)
        #expect(serviceHistogram.decode().totalCount == result.overall.count)
    }

    @Test func openLoopSkipsOpsBeyondTheBacklogBound() async throws {
        // One 300 ms stall with a 50 ms backlog bound: ops overdue by more than that are skipped.
        let stall = try StallTarget(periodNanos: 400_000_000, pauseNanos: 300_000_000)
        let options = RunnerOptions(maxScheduleBacklogNanos: 50_000_000)
        let configuration = runConfiguration(durationNanos: 350_000_000, mode: .open(ratePerSecond: 1_000), threadCount: 1, clientCount: 2)
        let result = try await runLoad(stall, configuration: configuration, options: options)
        let skipped = result.overall.errorsByKind[LoadRunner.scheduleSkippedErrorLabel] ?? 0
        #expect(skipped > 0)
        // Skipped in bulk or not, every op the schedule holds is counted once: 1000/s for 350 ms.
        #expect(result.overall.count == 350)
        #expect(result.overall.count == result.overall.latencyHistogram.decode().totalCount)
        let serviced = try #require(result.overall.serviceTimeHistogram).decode().totalCount
        #expect(serviced + skipped == result.overall.count)
    }

    @Test func warmupOpsAreNotRecorded() async throws {
        let target = ConcurrencyProbeTarget(delayNanos: 200_000)
        let result = try await runLoad(target, configuration: runConfiguration(operationCount: 100, warmupNanos: 20_000_000, threadCount: 1, clientCount: 2))
        #expect(result.overall.count == 100)
        #expect(target.callCount > 100)
    }

    @Test func cancellationStopsTheRunAndThrows() async throws {
        let task = Task {
            try await runLoad(DelayTarget(latency: .constant(nanos: 100_000)), configuration: runConfiguration(durationNanos: 60_000_000_000))
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func cancellationStopsASlowTargetWithinAFewOps() async throws {
        let target = ConcurrencyProbeTarget(delayNanos: 10_000_000)
        let task = Task {
            try await runLoad(target, configuration: runConfiguration(durationNanos: 60_000_000_000, threadCount: 1, clientCount: 1))
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Checking only every 256 ops would run 256 ops of 10 ms here.
        #expect(target.callCount < 100, "\(target.callCount) ops ran before the cancelled run stopped")
    }

    @Test func progressIsReportedPerInterval() async throws {
        let snapshots = Locked<[RunProgress]>([])
        let options = RunnerOptions(timelineIntervalNanos: 50_000_000)
        let result = try await runLoad(
            DelayTarget(latency: .constant(nanos: 100_000)), configuration: runConfiguration(durationNanos: 300_000_000),
            options: options, progress: { snapshot in snapshots.withLock { $0.append(snapshot) } }
        )
        let all = snapshots.withLock { $0 }
        #expect(all.count >= 2)
        #expect(all.contains { $0.phase == .measured && $0.operationCount > 0 && $0.latencyNanosP99 >= 100_000 })
        // Rate and p99 are only claimed once an interval has ended.
        #expect(all.allSatisfy { $0.hasCompleteInterval || $0.latencyNanosP99 == 0 })
        #expect(all.contains { $0.hasCompleteInterval })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.operationCount <= $1.operationCount })
        // 300 ms in 50 ms intervals: at most six points (ops finishing after the end count in the last).
        #expect(result.timeline.count >= 5 && result.timeline.count <= 6, "\(result.timeline.count) points")
        #expect(result.timeline.map(\.operations).reduce(0, +) == result.overall.count)
        #expect(result.timeline.allSatisfy { $0.p50Nanos == 0 || $0.p50Nanos >= 100_000 })
    }

    @Test func invalidConfigurationsAreRejectedBeforeStarting() async {
        var noThreads = runConfiguration()
        noThreads.threadCount = 0
        var noClients = runConfiguration()
        noClients.clientCount = 0
        let zeroRate = runConfiguration(mode: .open(ratePerSecond: 0))
        let badTheta = runConfiguration(distribution: .zipfian(theta: 1.2))
        var tooManyThreads = runConfiguration()
        tooManyThreads.threadCount = RunLimits.threadCountMax + 1
        var tooManyClients = runConfiguration()
        tooManyClients.clientCount = RunLimits.clientCountMax + 1
        let tooFast = runConfiguration(mode: .open(ratePerSecond: RunLimits.ratePerSecondMax * 2))
        let tooLong = runConfiguration(durationNanos: RunLimits.durationNanosMax + 1)
        for configuration in [noThreads, noClients, zeroRate, badTheta, tooManyThreads, tooManyClients, tooFast, tooLong] {
            await #expect(throws: LoadGeneratorError.self) { try await runLoad(NoopTarget(), configuration: configuration) }
        }
    }

    @Test func aRefusedThreadIsAnErrorNotATrap() throws {
        // A stack larger than the address space: pthread_create fails, as it does when threads run out.
        let error = try #require(throws: LoadGeneratorError.self) { _ = try WorkerPool(threadCount: 3, stackBytes: 1 << 52) }
        #expect(error.code == .resourceExhausted)
        #expect(error.message.contains("--threads"))
        // The pool still works afterwards with ordinary stacks.
        _ = try WorkerPool(threadCount: 2)
    }

    @Test func encodedHistogramRoundTrips() throws {
        var histogram = WorkerRecording.makeHistogram()
        var random = SeededGenerator(seed: 9)
        for _ in 0..<10_000 { histogram.record(1_000 + random.next() % 5_000_000) }
        let encoded = EncodedHistogram(histogram)
        let decoded = encoded.decode()
        #expect(decoded.totalCount == histogram.totalCount)
        for percentile in [50.0, 90, 99, 99.9] {
            #expect(decoded.valueAtPercentile(percentile) == histogram.valueAtPercentile(percentile))
        }
        #expect(EncodedHistogram(decoded) == encoded)
    }

    @Test func workerRecordingsMergeExactly() {
        var first = WorkerRecording(kindCount: 2)
        var second = WorkerRecording(kindCount: 2)
        let samples = (0..<10).map { OperationSample(kindIndex: $0 % 2, latencyNanos: UInt64($0 + 1) * 1_000, serviceNanos: 0, lagNanos: 0) }
        first.absorb(samples, errors: [ErrorTally(kindIndex: 0, label: "x"): 2], intervalIndex: 0, lastCompletionNanos: 10, isOpenLoop: false)
        second.absorb(samples, errors: [ErrorTally(kindIndex: 0, label: "x"): 1], intervalIndex: 3, lastCompletionNanos: 20, isOpenLoop: false)
        first.add(second)
        #expect(first.operationCount == 20)
        #expect(first.latencyByKind.map(\.totalCount) == [10, 10])
        #expect(first.errorsByKind[0] == ["x": 3])
        #expect(first.intervals.map(\.operationCount) == [10, 0, 0, 10])
        #expect(first.lastCompletionNanos == 20)
    }
}
