import BookingExercise
import Exercises
import ExerciseKit
import LoadGenerator
import ScaleCore
import Testing

/// The scenarios' design metrics measure what they say: oversells counted from acknowledged
/// bookings (0 for the reference, more for check-then-act), no orphaned trip legs for the saga.
@Suite struct ScenarioMetricsTests {
    /// Runs `operations` operations of `scenario` from 8 concurrent clients, all on the same key
    /// at the same step (so they race for one seat), over `keys` keys; then reads the metrics.
    static func metrics(
        _ implementation: Implementation<any BookingService>, scenario: String, keys: UInt64, operations: Int, network: LatencyDistribution = .none
    ) async throws -> [String: Double] {
        let definition = BookingExercise.definition(mine: implementation)
        let cluster = ClusterConfiguration(shardCount: 2, networkDelay: network, storageMode: .memory)
        let prepared = try await definition.prepareBench(implementation: implementation.name, scenario: scenario, cluster: cluster, keyCount: keys)
        let mix = try definition.workloadShape(scenario: scenario).mix
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    for index in stride(from: client, to: operations, by: 8) {
                        let key = UInt64(index / 8) % keys
                        try? await prepared.target.perform(LoadOperation(kindIndex: index % mix.entries.count, key: key, valueSizeBytes: 0))
                    }
                }
            }
        }
        let metrics = await prepared.target.runMetrics()
        await prepared.teardown()
        return metrics
    }

    @Test func theReferenceNeverOversellsUnderContention() async throws {
        let metrics = try await Self.metrics(ReferenceCheckTests.reference, scenario: "uniform", keys: 40, operations: 400)
        #expect(metrics["oversells"] == 0)
        #expect((metrics["contentionFailures"] ?? 0) > 0, "8 clients racing for each seat must meet taken seats: \(metrics)")
        #expect((metrics["bookingsPerSecond"] ?? 0) > 0)
    }

    @Test func checkThenActOversellsAndTheMetricShowsIt() async throws {
        let metrics = try await Self.metrics(
            BuggyBookingServices.checkThenAct, scenario: "uniform", keys: 100, operations: 800, network: CheckContext<any BookingService>.jitteryNetwork
        )
        #expect((metrics["oversells"] ?? 0) > 0, "check-then-act racing 8 clients for each of 100 seats sold none twice: \(metrics)")
    }

    @Test func failedTripsLeaveNoLeg() async throws {
        let metrics = try await Self.metrics(ReferenceCheckTests.reference, scenario: "trips", keys: 400, operations: 200)
        #expect(metrics["orphanedTripLegs"] == 0)
        #expect((metrics["contentionFailures"] ?? 0) > 0, "every tenth trip asks for the sold-out lot: \(metrics)")
    }

    @Test func aTripWithoutCompensationLeavesLegsAndTheMetricShowsIt() async throws {
        let noCompensation = Implementation<any BookingService>("no-compensation", "no saga") { NoCompensationTripService(base: try BuggyBookingServices.reference($0)) }
        let metrics = try await Self.metrics(noCompensation, scenario: "trips", keys: 400, operations: 200)
        #expect((metrics["orphanedTripLegs"] ?? 0) > 0, "\(metrics)")
    }
}
