import ScaleCore

/// How one check ended.
public enum CheckStatus: Sendable, Hashable {
    case passed
    case failed(reason: String)
    /// The implementation threw `Unimplemented`: the message says where to start.
    case unimplemented(message: String)
    /// The design does not offer what the check examines.
    case notApplicable(reason: String)
    /// A whole-history search ran out of budget: neither proven correct nor wrong.
    case undecided(reason: String)
}

/// One check's result, with the history that proves a failure.
public struct CheckResult: Sendable {
    public var name: String
    public var summary: String
    public var status: CheckStatus
    /// The failing operations (or the tail of the history), empty on a pass.
    public var history: [HistoryEvent]
    public var elapsedNanos: UInt64

    public var passed: Bool { status == .passed }
}

/// All checks of one exercise against one implementation.
public struct CheckReport: Sendable {
    public var exercise: String
    public var implementation: String
    public var seed: UInt64
    public var results: [CheckResult]

    public var passedCount: Int { results.filter(\.passed).count }
    /// Checks that do not apply to this design; they neither pass nor fail.
    public var notApplicableCount: Int {
        results.filter { if case .notApplicable = $0.status { true } else { false } }.count
    }
    public var allPassed: Bool { passedCount + notApplicableCount == results.count }
}

/// Runs checks one after another, each on a fresh service, and turns every outcome into a result.
public enum CheckRunner {
    /// How many history events a failure shows when the check gave no evidence of its own.
    public static let historyTailCount = 12

    /// Runs `checks` (all of them, or those named in `only`) with services from `environment`,
    /// each check with its own seed stream; the clusters a check built are shut down after it.
    public static func run<Service: Sendable>(
        exercise: String,
        implementation: String,
        checks: [Check<Service>],
        only: Set<String> = [],
        seed: UInt64,
        environment: CheckEnvironment<Service>,
        onResult: (CheckResult) -> Void = { _ in }
    ) async -> CheckReport {
        var results: [CheckResult] = []
        for (index, check) in checks.enumerated() where only.isEmpty || only.contains(check.name) {
            let history = HistoryRecorder()
            let clusters = Locked<[Cluster]>([])
            // Each check gets its own stream so adding a check does not change the others' draws.
            let context = CheckContext(
                seed: StableHash.mix(seed &+ UInt64(index)), history: history, environment: environment, clusters: clusters
            )
            let start = MonotonicClock.nowNanos()
            let status: CheckStatus
            var evidence: [HistoryEvent] = []
            do {
                try await check.run(context)
                status = .passed
            } catch let failure as CheckFailure {
                status = .failed(reason: failure.reason)
                evidence = failure.evidence.isEmpty ? Array(history.snapshot.suffix(historyTailCount)) : failure.evidence
            } catch let unimplemented as Unimplemented {
                status = .unimplemented(message: unimplemented.description)
            } catch let notApplicable as NotApplicable {
                status = .notApplicable(reason: notApplicable.reason)
            } catch let undecided as Undecided {
                status = .undecided(reason: undecided.reason)
            } catch {
                status = .failed(reason: "unexpected error: \(error)")
                evidence = Array(history.snapshot.suffix(historyTailCount))
            }
            for cluster in clusters.withLock({ list in
                defer { list.removeAll() }
                return list
            }) { await cluster.shutdown() }
            let result = CheckResult(
                name: check.name, summary: check.summary, status: status,
                history: evidence, elapsedNanos: MonotonicClock.nowNanos() &- start
            )
            onResult(result)
            results.append(result)
        }
        return CheckReport(exercise: exercise, implementation: implementation, seed: seed, results: results)
    }
}
