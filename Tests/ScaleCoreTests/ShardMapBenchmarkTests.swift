import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// `scalebench micro shardmap` runs end to end (tiny sizes; what it measures is not asserted).
@Suite struct ShardMapBenchmarkTests {
    @Test func producesAFloorAndBothRoutingPathsPerThreadCount() throws {
        let report = try ShardMapBenchmarks.readRouting(rowCount: 200, lookupsPerThread: 200, rounds: 1)
        #expect(report.rows.count == 9)
        #expect(report.rows.allSatisfy { $0.value > 0 && $0.unit == "ns/op" })
        #expect(report.rows.filter { $0.name.hasPrefix("floor") }.count == 3)
        #expect(report.verdict?.contains("4t") == true)
    }
}
