import ExerciseKit
import ScaleCore
import Testing

@Suite struct CheckRunnerTests {
    struct Service: Sendable { var broken: Bool }

    static let checks: [Check<Service>] = [
        Check("always-holds", "passes") { context in
            _ = try await context.makeService()
            try await context.history.record(client: 0, "op") { () }
        },
        Check("broken-detected", "fails on a broken service") { context in
            let service = try await context.makeService()
            try await context.history.record(client: 1, "read", "7", describe: { $0 }) { service.broken ? "stale" : "fresh" }
            try context.require(!service.broken, "read returned a stale value")
        },
        Check("stub", "reaches an unwritten method") { _ in
            throw Unimplemented("createUser(_:)", filePath: "/repo/Exercises/UserService/MyUserService.swift")
        },
        Check("not-for-this-design", "does not apply") { _ in throw NotApplicable("single node") },
    ]

    /// Services on a one-node in-memory cluster (the checks here never touch it).
    static func environment(broken: Bool) -> CheckEnvironment<Service> {
        .clusters(ClusterConfiguration(shardCount: 1, storageMode: .memory), migrations: nil) { _ in Service(broken: broken) }
    }

    @Test func mapsEveryOutcome() async {
        let report = await CheckRunner.run(exercise: "x", implementation: "broken", checks: Self.checks, seed: 1, environment: Self.environment(broken: true))
        #expect(report.results.map(\.name) == ["always-holds", "broken-detected", "stub", "not-for-this-design"])
        #expect(report.results[0].status == .passed)
        #expect(report.results[1].status == .failed(reason: "read returned a stale value"))
        #expect(report.results[1].history.map(\.outcome) == ["stale"])
        #expect(report.results[2].status == .unimplemented(message: "not implemented yet — start with createUser(_:) in Exercises/UserService/MyUserService.swift"))
        #expect(report.results[3].status == .notApplicable(reason: "single node"))
        #expect(!report.allPassed)
    }

    @Test func correctServicePassesAll() async {
        let report = await CheckRunner.run(exercise: "x", implementation: "ok", checks: Array(Self.checks.prefix(2)), seed: 1, environment: Self.environment(broken: false))
        #expect(report.allPassed)
        #expect(report.passedCount == 2)
    }

    @Test func onlyRunsNamedChecks() async {
        let report = await CheckRunner.run(exercise: "x", implementation: "ok", checks: Self.checks, only: ["stub"], seed: 1, environment: Self.environment(broken: false))
        #expect(report.results.map(\.name) == ["stub"])
    }

    @Test func historyIsBounded() async throws {
        let history = HistoryRecorder(capacity: 3)
        for index in 0..<5 {
            _ = try await history.record(client: 0, "op", "\(index)") { index }
        }
        #expect(history.snapshot.map(\.arguments) == ["0", "1", "2"])
        #expect(history.dropped == 2)
    }
}
