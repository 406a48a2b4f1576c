import Testing
@testable import LoadGenerator
import ScaleCore

@Suite struct SyntheticTargetTests {
    @Test func registryListsEveryTargetWithASummary() {
        #expect(SyntheticTargets.names == ["noop", "delay", "spin", "stall"])
        #expect(SyntheticTargets.all.allSatisfy { !$0.summary.isEmpty && !$0.summary.contains("\n") })
    }

    @Test func registryBuildsTargetsFromOptions() throws {
        let delay = try #require(try SyntheticTargets.makeTarget(named: "delay", options: ["latency": "lognormal:200us:0.5"]) as? DelayTarget)
        #expect(delay.latency == .lognormal(medianNanos: 200_000, sigma: 0.5))
        let defaultDelay = try #require(try SyntheticTargets.makeTarget(named: "delay") as? DelayTarget)
        #expect(defaultDelay.latency == .constant(nanos: 100_000))
        let stall = try #require(try SyntheticTargets.makeTarget(named: "stall", options: ["period": "2s", "pause": "50ms"]) as? StallTarget)
        #expect(stall.periodNanos == 2_000_000_000 && stall.pauseNanos == 50_000_000 && stall.latency == nil)
        let spin = try #require(try SyntheticTargets.makeTarget(named: "spin", options: ["work": "5us"]) as? SpinTarget)
        #expect(spin.work == .constant(nanos: 5_000))
        #expect(try SyntheticTargets.makeTarget(named: "noop") is NoopTarget)
    }

    @Test func registryRejectsBadNamesAndOptions() {
        expectParseError(.unknownTarget) { try SyntheticTargets.makeTarget(named: "sleep") }
        expectParseError(.invalidTargetOption) { try SyntheticTargets.makeTarget(named: "delay", options: ["latncy": "1ms"]) }
        expectParseError(.invalidTargetOption) { try SyntheticTargets.makeTarget(named: "noop", options: ["latency": "1ms"]) }
        expectParseError(.invalidTargetOption) { try SyntheticTargets.makeTarget(named: "delay", options: ["latency": "gamma:1ms"]) }
        expectParseError(.invalidTargetOption) { try SyntheticTargets.makeTarget(named: "stall", options: ["period": "100ms", "pause": "200ms"]) }
        expectParseError(.invalidTargetOption) { try SyntheticTargets.makeTarget(named: "stall", options: ["period": "soon"]) }
    }

    @Test func stallWindowsCloseEachPeriod() throws {
        let stall = try StallTarget(periodNanos: 1_000, pauseNanos: 300)
        let epoch = MonotonicClock.nowNanos()
        // Probe relative to the target's own epoch by searching one period for the stall edge.
        var stalled = 0
        for offset in stride(from: UInt64(0), to: 10_000, by: 1) where stall.stallEndNanos(at: epoch + offset) != nil {
            stalled += 1
        }
        #expect(stalled == 3_000, "30% of each period is stall")
        for offset in stride(from: UInt64(0), to: 2_000, by: 7) {
            if let end = stall.stallEndNanos(at: epoch + offset) {
                #expect(end > epoch + offset && end - (epoch + offset) <= 300)
            }
        }
    }

    @Test func spinTargetBurnsAtLeastItsTime() async throws {
        let spin = SpinTarget(work: .constant(nanos: 200_000))
        let start = MonotonicClock.nowNanos()
        try await spin.perform(LoadOperation(kindIndex: 0, key: 0, valueSizeBytes: 0))
        #expect(MonotonicClock.nowNanos() - start >= 200_000)
    }
}
