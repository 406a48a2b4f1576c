import Foundation
import Reporting
import Testing
@testable import ScaleBenchCLI

/// Every exercise's bench runs end to end (prepare, a short run of every scenario, the floor,
/// design metrics), so a broken bench fails CI, not a user.
@Suite struct ExerciseBenchTests {
    @Test(arguments: ExerciseCatalog.names)
    func everyScenarioRunsWithItsFloor(exercise name: String) async throws {
        let exercise = try ExerciseCatalog.named(name)
        let scenarios = exercise.scenarioList.map(\.name)
        let sandbox = try ResultsSandbox()
        defer { sandbox.remove() }
        _ = try sandbox.commit("bench \(name)")
        let outcome = await CLI.run([
            "bench", name, "--impl", "reference", "--scenario", scenarios.joined(separator: ","),
            "--shards", "2", "--duration", "150ms", "--warmup", "0", "--clients", "2", "--keys", "200",
        ] + sandbox.locationArguments)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let files = sandbox.results.files()
        let file = try sandbox.store.load(fileAt: sandbox.results.url.appendingPathComponent(try #require(files.first)))
        for scenario in scenarios {
            let cells = file.cells.filter { $0.parameters.contains(CellParameter("scenario", scenario)) }
            let reference = cells.filter { $0.parameters.contains(CellParameter("impl", "reference")) }
            #expect(!reference.isEmpty, "\(name) \(scenario): no reference cell")
            for cell in reference {
                #expect(cell.result.overall.count > 0, "\(name) \(scenario): no operation completed")
                #expect(cell.result.targetMetrics["messagesPerOp"] != nil, "\(name) \(scenario): no design metrics")
            }
            if exercise.hasFloor {
                #expect(cells.contains { $0.parameters.contains(CellParameter("impl", "floor")) }, "\(name) \(scenario): no floor cell")
            }
        }
    }

    @Test func cacheNodesGiveEveryCellACacheTierAndItsMetrics() async throws {
        let sandbox = try ResultsSandbox()
        defer { sandbox.remove() }
        _ = try sandbox.commit("bench user --cache-nodes")
        let outcome = await CLI.run([
            "bench", "user", "--impl", "reference", "--cache-nodes", "0,2", "--no-floor",
            "--shards", "1", "--duration", "100ms", "--warmup", "0", "--clients", "1", "--keys", "100",
        ] + sandbox.locationArguments)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let file = try sandbox.store.load(fileAt: sandbox.results.url.appendingPathComponent(try #require(sandbox.results.files().first)))
        for nodes in ["0", "2"] {
            let cell = try #require(file.cells.first { $0.parameters.contains(CellParameter("cache-nodes", nodes)) })
            #expect((cell.result.targetMetrics["cacheHitRatio"] != nil) == (nodes == "2"), "cache-nodes \(nodes): \(cell.result.targetMetrics.keys.sorted())")
        }
    }
}
