import Foundation

/// How a check is proven: a deliberately buggy design it must reject, and text its failure must
/// contain (so it caught this bug, not something incidental). Each exercise's tests hold a list.
public struct CheckProof<Service: Sendable>: Sendable, CustomStringConvertible {
    public let implementation: Implementation<Service>
    /// The check that must fail against it.
    public let check: String
    /// Text the failure's reason must contain.
    public let reasonFragment: String

    public init(_ implementation: Implementation<Service>, caughtBy check: String, saying reasonFragment: String) {
        self.implementation = implementation
        self.check = check
        self.reasonFragment = reasonFragment
    }

    /// `check rejects name`, for test names.
    public var name: String { "\(check) rejects \(implementation.name)" }

    public var description: String { name }

    /// Runs the check against the bug, registered as the learner's implementation of the exercise
    /// `definition` builds; nil when the check rejected it as it should, else what went wrong.
    public func problem(
        in definition: (Implementation<Service>) -> ExerciseDefinition<Service>, seed: UInt64
    ) async throws -> String? {
        let report = try await definition(implementation).runChecks(implementation: implementation.name, seed: seed, only: [check], onResult: { _ in })
        guard report.results.map(\.name) == [check], let result = report.results.first else {
            return "\(implementation.name): expected one result for \(check), got \(report.results.map(\.name))"
        }
        guard case .failed(let reason) = result.status else {
            return "\(implementation.name) was not rejected: \(Self.describe(result))"
        }
        guard reason.contains(reasonFragment) else { return "\(implementation.name): the failure does not say '\(reasonFragment)': \(reason)" }
        guard !result.history.isEmpty else { return "\(implementation.name): a failure must show the history that proves it" }
        return nil
    }

    /// Whether the check, run `runs` times with `seed`, fails at least 9 times in 10 (a printed
    /// seed replays the failure); nil when it does, else the count.
    public func replayProblem(
        in definition: (Implementation<Service>) -> ExerciseDefinition<Service>, seed: UInt64, runs: Int
    ) async throws -> String? {
        var failures = 0
        for _ in 0..<runs {
            let report = try await definition(implementation).runChecks(implementation: implementation.name, seed: seed, only: [check], onResult: { _ in })
            if case .failed = report.results.first?.status { failures += 1 }
        }
        print("replay \(name): failed \(failures)/\(runs)")
        return failures * 10 >= runs * 9 ? nil : "\(name): replay failed only \(failures) of \(runs) times"
    }

    /// A result's status and the history it showed, for a test failure message.
    public static func describe(_ result: CheckResult) -> String {
        (["\(result.name): \(result.status)"] + result.history.map(\.description)).joined(separator: "\n")
    }

    /// The seeds buggy designs are checked with: 2 unless `SCALEBENCH_CHECK_SEEDS` says how many
    /// (how catch rates are measured).
    public static var seeds: [UInt64] {
        let count = ProcessInfo.processInfo.environment["SCALEBENCH_CHECK_SEEDS"].flatMap(Int.init) ?? 2
        return (0..<UInt64(max(1, count))).map { 7 &+ $0 &* 0xB0_6B0B }
    }

    /// Replays per bug: 0 (off) unless `SCALEBENCH_REPLAY_RUNS` sets it.
    public static var replayRuns: Int { ProcessInfo.processInfo.environment["SCALEBENCH_REPLAY_RUNS"].flatMap(Int.init) ?? 0 }
}
