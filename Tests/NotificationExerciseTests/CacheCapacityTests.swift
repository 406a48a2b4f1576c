import ExerciseKit
import ScaleCore
import Testing
@testable import NotificationExercise

/// `--set cache-capacity` sizes the cache tier as a share of the run's users, and refuses
/// anything else with a one-line error.
@Suite struct CacheCapacityTests {
    static func configuration(_ capacity: String, cacheNodes: Int = 1) -> ClusterConfiguration {
        var configuration = ClusterConfiguration()
        configuration.cacheNodeCount = cacheNodes
        configuration.options[CacheCapacity.option.name] = capacity
        return configuration
    }

    @Test(arguments: [("10%", 1, 1_000), ("1%", 2, 50), ("30%", 1, 300), ("0.1%", 1, 16)])
    func aShareOfTheUsersSetsEachNodesEntries(capacity: String, cacheNodes: Int, perNode: Int) throws {
        var configuration = Self.configuration(capacity, cacheNodes: cacheNodes)
        try NotificationExercise.validate(configuration)
        try CacheCapacity.configure(&configuration, keyCount: capacity == "30%" ? 1_000 : 10_000)
        #expect(configuration.cacheTier.entryCapacityPerNode == perNode)
        try configuration.cacheTier.validate()
    }

    @Test func allLeavesTheTierAsItWas() throws {
        var configuration = Self.configuration("all")
        try CacheCapacity.configure(&configuration, keyCount: 10_000)
        #expect(configuration.cacheTier.entryCapacityPerNode == nil)
    }

    @Test(arguments: ["10", "0%", "0.05%", "101%", "x%", "nan%", "", "10 %"])
    func anythingElseIsAOneLineError(capacity: String) {
        let error = #expect(throws: ExerciseError.self) { try NotificationExercise.validate(Self.configuration(capacity)) }
        #expect(error?.message.contains("cache-capacity") == true && error?.message.contains("\n") == false, "\(String(describing: error))")
    }

    @Test func aShareWithoutACacheTierSaysHowToGetOne() {
        #expect(throws: ExerciseError.self) { try NotificationExercise.validate(Self.configuration("10%", cacheNodes: 0)) }
    }
}
