import Foundation
import Testing
@testable import ScaleSupport

@Suite struct LogLinearHistogramTests {
    @Test func quantilesLandWithinAnEighthOfTheValue() {
        let histogram = LogLinearHistogram()
        // 1..1000 µs: the true p1 is 10 µs, p50 500 µs, p99 990 µs.
        for micros in 1...1_000 { histogram.record(UInt64(micros) * 1_000) }
        let snapshot = histogram.snapshot()
        for (q, trueNanos) in [(0.5, 500_000.0), (0.99, 990_000.0), (0.01, 10_000.0)] {
            let nanos = LogLinearHistogram.quantileNanos(q, of: snapshot) ?? 0
            #expect(abs(nanos - trueNanos) / trueNanos <= 0.125, "q \(q): \(nanos) ns vs \(trueNanos)")
        }
    }

    @Test func emptyHasNoQuantileAndExtremesAreKept() {
        let histogram = LogLinearHistogram()
        #expect(LogLinearHistogram.quantileNanos(0.5, of: histogram.snapshot()) == nil)
        histogram.record(0)
        histogram.record(.max)
        let snapshot = histogram.snapshot()
        #expect(snapshot.reduce(0, +) == 2)
        #expect((LogLinearHistogram.quantileNanos(0, of: snapshot) ?? 0) < 1_000)
        #expect((LogLinearHistogram.quantileNanos(1, of: snapshot) ?? 0) > 5e11)
    }

    @Test func bucketsAreContiguousAndOrdered() {
        var previous = 0
        // Steps of 1 % are finer than any bucket (the narrowest above 1 µs is 25 % of its start).
        for nanos in (0..<1_400).map({ UInt64(1_000 * pow(1.01, Double($0))) }) {
            let bucket = LogLinearHistogram.bucket(of: nanos)
            #expect(bucket >= previous)
            #expect(bucket - previous <= 1, "no bucket skipped at \(nanos) ns")
            previous = bucket
        }
    }
}
