import Testing
@testable import LoadGenerator
import ScaleCore

func sampleWorkload(seed: UInt64 = 42, distribution: KeyDistributionSpec = .zipfian(theta: 0.99)) -> Workload {
    Workload(
        mix: OperationMix([.init(name: "get", weight: 0.9), .init(name: "update", weight: 0.1)]),
        keyCount: 10_000, keyDistribution: distribution, valueSizeBytesMin: 10, valueSizeBytesMax: 20, seed: seed
    )
}

@Suite struct OperationGeneratorTests {
    func operations(_ workload: Workload, client: Int = 0, clients: Int = 1, count: Int = 500) throws -> [LoadOperation] {
        var generator = try OperationGenerator(workload: workload, clientIndex: client, clientCount: clients)
        return (0..<count).map { _ in generator.next() }
    }

    @Test func sameSeedSameSequenceDifferentSeedDifferent() throws {
        let first = try operations(sampleWorkload(seed: 42))
        #expect(first == (try operations(sampleWorkload(seed: 42))))
        #expect(first != (try operations(sampleWorkload(seed: 43))))
        #expect(first != (try operations(sampleWorkload(seed: 42), client: 1, clients: 2)), "client streams differ")
    }

    @Test func mixAndValueSizesFollowWorkload() throws {
        let all = try operations(sampleWorkload(), count: 20_000)
        let updates = all.filter { $0.kindIndex == 1 }.count
        #expect(abs(Double(updates) / 20_000 - 0.1) < 0.01)
        #expect(all.allSatisfy { (10...20).contains($0.valueSizeBytes) && $0.key < 10_000 })
        #expect(Set(all.map(\.valueSizeBytes)).count == 11)
    }

    @Test func zeroWeightKindIsNeverDrawn() throws {
        var workload = sampleWorkload()
        workload.mix = OperationMix([.init(name: "get", weight: 1), .init(name: "scan", weight: 0), .init(name: "put", weight: 1)])
        let kinds = Set(try operations(workload, count: 5_000).map(\.kindIndex))
        #expect(kinds == [0, 2])
    }

    @Test func insertOperationsAdvanceLatest() throws {
        var workload = sampleWorkload(distribution: .latest(theta: 0.99))
        workload.keyCount = 1_000
        workload.mix = OperationMix([.init(name: "read", weight: 0.5), .init(name: "insert", weight: 0.5)])
        let all = try operations(workload, count: 400)
        let insertKeys = all.filter { $0.kindIndex == 1 }.map(\.key)
        #expect(insertKeys == Array(0..<UInt64(insertKeys.count)))
        // Reads after many inserts concentrate on recently inserted keys, not the loaded tail.
        let lateReads = all.suffix(100).filter { $0.kindIndex == 0 }
        let frontKey = insertKeys.last ?? 0
        let nearFront = lateReads.filter { $0.key <= frontKey && frontKey - $0.key < 100 }.count
        #expect(nearFront * 2 > lateReads.count)
    }

    @Test func invalidWorkloadsAreRejected() {
        var emptyMix = sampleWorkload()
        emptyMix.mix = OperationMix([])
        var duplicate = sampleWorkload()
        duplicate.mix = OperationMix([.init(name: "get", weight: 1), .init(name: "get", weight: 1)])
        var zeroWeights = sampleWorkload()
        zeroWeights.mix = OperationMix([.init(name: "get", weight: 0)])
        var badSizes = sampleWorkload()
        badSizes.valueSizeBytesMin = 30
        var zeroDuration = sampleWorkload()
        zeroDuration.durationNanos = 0
        var zeroKeys = sampleWorkload()
        zeroKeys.keyCount = 0
        for workload in [emptyMix, duplicate, zeroWeights, badSizes, zeroDuration, zeroKeys] {
            #expect(throws: LoadGeneratorError.self) { try OperationGenerator(workload: workload) }
        }
    }
}

@Suite struct OperationGeneratorDerivationTests {
    @Test func derivedClientStreamsEqualFreshOnes() throws {
        for distribution: KeyDistributionSpec in [.latest(theta: 0.9), .sequential, .zipfian(theta: 0.99), .uniform] {
            var workload = sampleWorkload(distribution: distribution)
            workload.mix = OperationMix([.init(name: "read", weight: 1), .init(name: "insert", weight: 1)])
            let prototype = try OperationGenerator(workload: workload, clientIndex: 0, clientCount: 3)
            var derived = prototype.forClient(2, clientCount: 3)
            var fresh = try OperationGenerator(workload: workload, clientIndex: 2, clientCount: 3)
            let isSame = (0..<300).allSatisfy { _ in derived.next() == fresh.next() }
            #expect(isSame, "\(distribution)")
        }
    }
}
