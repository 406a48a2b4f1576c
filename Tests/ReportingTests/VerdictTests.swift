import Testing
@testable import Reporting

@Suite("Verdicts: polarity, thresholds, noise")
struct VerdictTests {
    func compare(_ metric: Metric, base: [Double], head: [Double], options: CompareOptions = CompareOptions()) throws -> MetricComparison {
        MetricComparison(metric: metric, base: try #require(Spread(base)), head: try #require(Spread(head)), options: options)
    }

    @Test("polarity: more throughput improves, more latency, errors or memory regress")
    func polarity() throws {
        #expect(try compare(.throughput, base: [1_000], head: [1_200]).verdict == .improved)
        #expect(try compare(.throughput, base: [1_000], head: [800]).verdict == .regressed)
        #expect(try compare(.latencyP99, base: [1_000], head: [1_200]).verdict == .regressed)
        #expect(try compare(.latencyP99, base: [1_000], head: [800]).verdict == .improved)
        #expect(try compare(.errorCount, base: [10], head: [20]).verdict == .regressed)
        #expect(try compare(.memoryAllocated, base: [1_000], head: [500]).verdict == .improved)
    }

    @Test("a change within the threshold is unchanged; thresholds are per metric and configurable")
    func thresholds() throws {
        // Default: throughput and p50 5%, p99 10%.
        #expect(try compare(.throughput, base: [1_000], head: [960]).verdict == .unchanged)
        #expect(try compare(.throughput, base: [1_000], head: [940]).verdict == .regressed)
        #expect(try compare(.latencyP50, base: [1_000], head: [1_060]).verdict == .regressed)
        #expect(try compare(.latencyP99, base: [1_000], head: [1_080]).verdict == .unchanged)
        #expect(try compare(.latencyP99, base: [1_000], head: [1_120]).verdict == .regressed)
        var options = CompareOptions()
        try options.applyThresholds("p99=25, throughput=1%")
        #expect(try compare(.latencyP99, base: [1_000], head: [1_200], options: options).verdict == .unchanged)
        #expect(try compare(.throughput, base: [1_000], head: [980], options: options).verdict == .regressed)
    }

    @Test("bytes/op: a few bytes per op are never a regression; live memory is not compared by default")
    func allocationFloor() throws {
        #expect(try compare(.allocatedBytesPerOp, base: [2, 2, 2, 2, 2], head: [9, 9, 9, 9, 9]).verdict == .unchanged)
        #expect(try compare(.allocatedBytesPerOp, base: [200, 201, 200, 202, 200], head: [260, 261, 259, 262, 260]).verdict == .regressed)
        #expect(!CompareOptions().metrics.contains(.memoryAllocated))
        #expect(CompareOptions().metrics.contains(.allocatedBytesPerOp))
    }

    @Test("noise band: a change inside the spread one side shows on its own does not count")
    func noiseBand() throws {
        // Base repetitions spread ±15 % around their median: a consistent 8 % shift is inside that band.
        let wide = try compare(.throughput, base: [850, 900, 1_000, 1_100, 1_150], head: [918, 972, 1_080, 1_188, 1_242])
        #expect(wide.noiseBandPercent >= 20)
        #expect(wide.verdict == .unchanged)
        #expect(wide.reason.contains("noise band"))
        // Tight repetitions: the same 8 % shift is beyond both the 5 % threshold and the band.
        let tight = try compare(.throughput, base: [1_000, 1_002, 1_004, 1_006, 1_008], head: [920, 922, 924, 926, 928])
        #expect(tight.verdict == .regressed)
    }

    @Test("few repetitions: overlapping min–max ranges are noise, separated ranges a change")
    func rangeRule() throws {
        let overlapping = try compare(.latencyP99, base: [900, 1_000, 1_400], head: [1_100, 1_200, 1_300])
        #expect(overlapping.verdict == .unchanged)
        #expect(overlapping.noise == .ranges(overlap: true))
        #expect(overlapping.reason.contains("noise"))
        let apart = try compare(.latencyP99, base: [900, 1_000, 1_050], head: [1_200, 1_250, 1_300])
        #expect(apart.verdict == .regressed)
        #expect(apart.noise == .ranges(overlap: false))
    }

    @Test("five repetitions per side: the rank test separates noise from a real change")
    func rankTestRule() throws {
        // Interleaved values: medians 20% apart by chance but no consistent shift (p ≈ 0.68).
        let noisy = try compare(.throughput, base: [800, 1_000, 1_200, 1_400, 1_600], head: [700, 900, 1_100, 1_300, 1_500])
        guard case .rankTest(let noisyTest, _) = noisy.noise else { Issue.record("expected the rank test"); return }
        #expect(noisyTest.pValue > 0.05)
        #expect(noisy.verdict == .unchanged)
        // Every head run slower than every base run: p ≈ 0.012.
        let real = try compare(.throughput, base: [1_000, 1_010, 1_020, 1_030, 1_040], head: [800, 810, 820, 830, 840])
        guard case .rankTest(let realTest, _) = real.noise else { Issue.record("expected the rank test"); return }
        #expect(realTest.pValue < 0.05)
        #expect(real.verdict == .regressed)
    }

    @Test("ranges overlap with five runs yet the rank test still finds a consistent shift")
    func rankTestBeatsRangeRule() throws {
        let base = [1_000.0, 1_001, 1_002, 1_003, 1_004, 1_005, 1_006, 1_500]
        let head = [1_200.0, 1_201, 1_202, 1_203, 1_204, 1_205, 1_206, 1_207]
        let comparison = try compare(.latencyP50, base: base, head: head)
        #expect(Spread(base)?.overlaps(try #require(Spread(head))) == true)
        #expect(comparison.verdict == .regressed)
        var strict = CompareOptions()
        strict.alpha = 0.01  // p ≈ 0.0136
        #expect(try compare(.latencyP50, base: base, head: head, options: strict).verdict == .unchanged)
    }

    @Test("a zero base: equal stays unchanged, new errors are an unbounded regression")
    func zeroBase() throws {
        let same = try compare(.errorCount, base: [0], head: [0])
        #expect(same.changePercent == 0)
        #expect(same.verdict == .unchanged)
        let new = try compare(.errorCount, base: [0], head: [3])
        #expect(new.changePercent == .infinity)
        #expect(new.verdict == .regressed)
    }

    @Test("bad options are one-line errors naming the fix")
    func badOptions() throws {
        var options = CompareOptions()
        let error = #expect(throws: ReportingError.self) { try options.applyThresholds("p42=5") }
        #expect(error?.code == .invalidOption)
        #expect(error?.description.contains("p99=15") == true)
        options.alpha = 1.5
        #expect(throws: ReportingError.self) { try options.validate() }
        #expect(Metric(argument: "P99.9") == .latencyP999)
        #expect(Metric(argument: "memory allocated") == .memoryAllocated)
    }
}
