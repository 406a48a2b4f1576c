import LoadGenerator

/// A floor that is a service built without a cluster (one in-process engine, no network, no
/// routing), loaded and driven by the same scenario as the designs: the distance from a design's
/// row to it is what distribution adds.
public final class ServiceFloorTarget<Service: Sendable>: LoadTarget {
    let service: Service
    let scenario: Scenario<Service>
    let run: ScenarioRun

    init(service: Service, scenario: Scenario<Service>, run: ScenarioRun) {
        self.service = service
        self.scenario = scenario
        self.run = run
    }

    /// Loads `keyCount` records into `service` through the scenario's `prepare`, with the cell's
    /// floor-relevant design `options` (the same data the designs load).
    static func prepare(_ service: Service, scenario: Scenario<Service>, keyCount: UInt64, options: [String: String]) async throws -> PreparedTarget {
        let run = ScenarioRun(keyCount: keyCount, options: options)
        try await scenario.prepare(service, run)
        return PreparedTarget(target: ServiceFloorTarget(service: service, scenario: scenario, run: run))
    }

    public func perform(_ operation: LoadOperation) async throws {
        try await scenario.perform(service, operation, run)
    }
}
