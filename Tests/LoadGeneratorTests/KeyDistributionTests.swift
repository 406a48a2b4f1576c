import Foundation
import Testing
@testable import LoadGenerator
import ScaleCore

/// Counts how often each key in `0..<keyCount` is drawn.
func keyFrequencies<G: KeyGenerating>(_ generator: inout G, keyCount: Int, draws: Int, seed: UInt64 = 7) -> [Int] {
    var random = SeededGenerator(seed: seed)
    var counts = [Int](repeating: 0, count: keyCount)
    for _ in 0..<draws {
        let key = generator.nextKey(using: &random)
        counts[Int(key)] += 1
    }
    return counts
}

/// The exact zipfian probability of 0-based rank `rank`.
func zipfianProbability(rank: Int, keyCount: Int, theta: Double) -> Double {
    let zeta = (1...keyCount).reduce(0.0) { $0 + 1 / pow(Double($1), theta) }
    return 1 / pow(Double(rank + 1), theta) / zeta
}

@Suite struct KeyDistributionTests {
    @Test func zetaApproximationMatchesExactSum() {
        for theta in [0.5, 0.8, 0.99] {
            let n: UInt64 = 200_000
            let exact = Zeta.exactSum(from: 1, through: n, theta: theta)
            let approximated = Zeta.value(n: n, theta: theta)
            #expect(abs(approximated - exact) / exact < 1e-9, "theta \(theta): \(approximated) vs \(exact)")
        }
    }

    @Test func zipfianTopKeysFollowTheory() throws {
        let keyCount = 1_000
        let draws = 200_000
        var generator = try ZipfianKeyGenerator(keyCount: UInt64(keyCount), theta: 0.99)
        let counts = keyFrequencies(&generator, keyCount: keyCount, draws: draws)
        // Gray's method is exact for ranks 0 and 1 and a continuous approximation beyond (as in
        // YCSB: rank 2 comes out ~18% high at 1000 keys), so later ranks get a looser bound.
        for rank in 0..<10 {
            let expected = zipfianProbability(rank: rank, keyCount: keyCount, theta: 0.99)
            let observed = Double(counts[rank]) / Double(draws)
            let tolerance = rank < 2 ? 0.05 : 0.25
            #expect(abs(observed - expected) / expected < tolerance, "rank \(rank): observed \(observed), expected \(expected)")
        }
        for topCount in [10, 100] {
            let expected = (0..<topCount).reduce(0.0) { $0 + zipfianProbability(rank: $1, keyCount: keyCount, theta: 0.99) }
            let observed = Double(counts[0..<topCount].reduce(0, +)) / Double(draws)
            #expect(abs(observed - expected) / expected < 0.05, "top \(topCount): observed \(observed), expected \(expected)")
        }
        // Popularity falls with the key number.
        #expect(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[10] && counts[10] > counts[500])
    }

    @Test func zipfianThetaChangesSkew() throws {
        var steep = try ZipfianKeyGenerator(keyCount: 1_000, theta: 0.99)
        var flat = try ZipfianKeyGenerator(keyCount: 1_000, theta: 0.5)
        let steepCounts = keyFrequencies(&steep, keyCount: 1_000, draws: 50_000)
        let flatCounts = keyFrequencies(&flat, keyCount: 1_000, draws: 50_000)
        let expectedFlatTop = zipfianProbability(rank: 0, keyCount: 1_000, theta: 0.5)
        #expect(abs(Double(flatCounts[0]) / 50_000 - expectedFlatTop) / expectedFlatTop < 0.15)
        #expect(steepCounts[0] > 3 * flatCounts[0])
    }

    @Test func zipfianSetsUpForHundredMillionKeys() throws {
        let keyCount: UInt64 = 100_000_000
        var generator = try ZipfianKeyGenerator(keyCount: keyCount)
        var random = SeededGenerator(seed: 3)
        var zeroCount = 0
        for _ in 0..<10_000 {
            let key = generator.nextKey(using: &random)
            #expect(key < keyCount)
            if key == 0 { zeroCount += 1 }
        }
        // Rank 0 has probability 1/zeta(n); with theta 0.99 and 1e8 keys that is about 5%.
        let expected = 10_000 / generator.zetaN
        #expect(abs(Double(zeroCount) - expected) < 5 * expected.squareRoot() + 5)
    }

    @Test func zipfianRejectsBadTheta() {
        for theta in [0.0, 1.0, 1.5, -0.2, Double.nan] {
            #expect(throws: LoadGeneratorError.self) { try ZipfianKeyGenerator(keyCount: 10, theta: theta) }
        }
    }

    @Test func uniformPassesChiSquare() {
        let keyCount = 100
        let draws = 100_000
        var generator = UniformKeyGenerator(keyCount: UInt64(keyCount))
        let counts = keyFrequencies(&generator, keyCount: keyCount, draws: draws)
        let expected = Double(draws) / Double(keyCount)
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        // 99 degrees of freedom: mean 99, standard deviation 14; 170 is five deviations out.
        #expect(chiSquare < 170, "chi-square \(chiSquare)")
    }

    @Test func hotspotSendsConfiguredShareToHotKeys() throws {
        let keyCount = 1_000
        let draws = 100_000
        var generator = try HotspotKeyGenerator(keyCount: UInt64(keyCount), hotKeyFraction: 0.2, hotOpFraction: 0.8)
        #expect(generator.hotKeyCount == 200)
        let counts = keyFrequencies(&generator, keyCount: keyCount, draws: draws)
        let hotShare = Double(counts[0..<200].reduce(0, +)) / Double(draws)
        #expect(abs(hotShare - 0.8) < 0.01, "hot share \(hotShare)")
        #expect(counts[200...].allSatisfy { $0 > 0 } || draws < keyCount * 10)
    }

    @Test func hotspotRejectsBadFractions() {
        #expect(throws: LoadGeneratorError.self) { try HotspotKeyGenerator(keyCount: 10, hotKeyFraction: 0, hotOpFraction: 0.5) }
        #expect(throws: LoadGeneratorError.self) { try HotspotKeyGenerator(keyCount: 10, hotKeyFraction: 0.5, hotOpFraction: 1.5) }
    }

    @Test func permutationIsABijection() {
        for domainSize: UInt64 in [1, 2, 3, 5, 16, 17, 1_000, 4_097] {
            let permutation = KeyPermutation(domainSize: domainSize)
            let images = Set((0..<domainSize).map(permutation.apply))
            #expect(images.count == Int(domainSize))
            #expect(images.allSatisfy { $0 < domainSize })
        }
    }

    @Test func scrambledZipfianKeepsFrequencyProfileButMovesHotKeys() throws {
        let keyCount = 1_000
        let draws = 200_000
        var zipfian = try ZipfianKeyGenerator(keyCount: UInt64(keyCount))
        var scrambled = try ScrambledZipfianKeyGenerator(keyCount: UInt64(keyCount))
        let zipfianCounts = keyFrequencies(&zipfian, keyCount: keyCount, draws: draws)
        let scrambledCounts = keyFrequencies(&scrambled, keyCount: keyCount, draws: draws)
        let zipfianSorted = zipfianCounts.sorted(by: >)
        let scrambledSorted = scrambledCounts.sorted(by: >)
        for rank in 0..<20 {
            let relative = abs(Double(scrambledSorted[rank] - zipfianSorted[rank])) / Double(zipfianSorted[rank])
            #expect(relative < 0.12, "rank \(rank): \(scrambledSorted[rank]) vs \(zipfianSorted[rank])")
        }
        // Same draws, so the scrambled counts are exactly the zipfian counts moved to other keys.
        #expect(zipfianSorted == scrambledSorted)
        let hottestScrambled = Set(scrambledCounts.indices.sorted { scrambledCounts[$0] > scrambledCounts[$1] }.prefix(10))
        #expect(hottestScrambled != Set(0..<10))
    }

    @Test func latestFavoursRecentKeys() throws {
        let keyCount: UInt64 = 1_000
        var generator = try LatestKeyGenerator(keyCount: keyCount)
        var random = SeededGenerator(seed: 11)
        let draws = 20_000
        let recent = (0..<draws).filter { _ in generator.nextKey(using: &random) >= keyCount - 100 }.count
        #expect(Double(recent) / Double(draws) > 0.5, "only \(recent) of \(draws) draws hit the newest 10% of keys")

        // Inserting moves the front: the new key becomes the most popular.
        var inserted: [UInt64] = []
        for _ in 0..<5 { inserted.append(generator.nextInsertKey(using: &random)) }
        #expect(inserted == [0, 1, 2, 3, 4], "inserts wrap around the ring after the last loaded key")
        var counts = [UInt64: Int]()
        for _ in 0..<draws { counts[generator.nextKey(using: &random), default: 0] += 1 }
        #expect(counts.max { $0.value < $1.value }?.key == 4)
    }

    @Test func latestClientsInsertDistinctKeys() throws {
        var random = SeededGenerator(seed: 1)
        var keys: [UInt64] = []
        for client in 0..<3 {
            var generator = try LatestKeyGenerator(keyCount: 100, clientIndex: client, clientCount: 3)
            for _ in 0..<4 { keys.append(generator.nextInsertKey(using: &random)) }
        }
        #expect(Set(keys).count == keys.count)
        #expect(Set(keys) == Set(0..<12))
    }

    @Test func sequentialClientsInterleave() {
        var random = SeededGenerator(seed: 1)
        var first = SequentialKeyGenerator(keyCount: 5, clientIndex: 0, clientCount: 2)
        var second = SequentialKeyGenerator(keyCount: 5, clientIndex: 1, clientCount: 2)
        #expect((0..<4).map { _ in first.nextKey(using: &random) } == [0, 2, 4, 1])
        #expect((0..<3).map { _ in second.nextKey(using: &random) } == [1, 3, 0])
    }

    @Test func keyGeneratorBuildsEverySpec() throws {
        let specs: [KeyDistributionSpec] = [
            .uniform, .zipfian(theta: 0.9), .scrambledZipfian(theta: 0.9), .latest(theta: 0.9),
            .hotspot(hotKeyFraction: 0.1, hotOpFraction: 0.9), .sequential,
        ]
        var random = SeededGenerator(seed: 5)
        for spec in specs {
            var generator = try KeyGenerator(spec, keyCount: 50)
            for _ in 0..<1_000 {
                #expect(generator.nextKey(using: &random) < 50)
                #expect(generator.nextInsertKey(using: &random) < 50)
            }
        }
        #expect(throws: LoadGeneratorError.self) { try KeyGenerator(.uniform, keyCount: 0) }
    }
}
