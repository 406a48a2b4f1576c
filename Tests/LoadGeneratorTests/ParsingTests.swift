import Testing
@testable import LoadGenerator
import ScaleCore

/// Expects `body` to throw a `LoadGeneratorError` with `code` and a one-line message.
func expectParseError<T>(_ code: LoadGeneratorError.Code, _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let value = try body()
        Issue.record("expected \(code), got \(value)", sourceLocation: sourceLocation)
    } catch let error as LoadGeneratorError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.contains("\n") && error.message.contains(";"), "one line, problem; fix: \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct ParsingTests {
    @Test func listsSplitAndTrim() throws {
        #expect(try ParameterParsing.list("1,8,64") == ["1", "8", "64"])
        #expect(try ParameterParsing.list(" uniform , zipfian:0.8 ") == ["uniform", "zipfian:0.8"])
        #expect(try ParameterParsing.list("solo") == ["solo"])
    }

    @Test func badListsAreRejected() {
        for text in ["", "  ", "1,,8", "1,8,", ",1"] {
            expectParseError(.invalidList) { try ParameterParsing.list(text) }
        }
    }

    @Test func durationsParseWithUnits() throws {
        #expect(try ParameterParsing.durationNanos("10s") == 10_000_000_000)
        #expect(try ParameterParsing.durationNanos("500ms") == 500_000_000)
        #expect(try ParameterParsing.durationNanos("200us") == 200_000)
        #expect(try ParameterParsing.durationNanos("200µs") == 200_000)
        #expect(try ParameterParsing.durationNanos("1m") == 60_000_000_000)
        #expect(try ParameterParsing.durationNanos("1.5s") == 1_500_000_000)
        #expect(try ParameterParsing.durationNanos("750ns") == 750)
        #expect(try ParameterParsing.durationNanos("2h") == 7_200_000_000_000)
    }

    @Test func badDurationsAreRejected() {
        for text in ["0s", "-5s", "10", "", "abc", "10parsecs", "0.1ns", "s", "nans"] {
            expectParseError(.invalidDuration) { try ParameterParsing.durationNanos(text) }
        }
    }

    @Test func ratesParse() throws {
        #expect(try ParameterParsing.ratePerSecond("1000") == 1_000)
        #expect(try ParameterParsing.ratePerSecond("2.5k") == 2_500)
        #expect(try ParameterParsing.ratePerSecond("1M") == 1_000_000)
        #expect(try ParameterParsing.ratePerSecond("500/s") == 500)
    }

    @Test func badRatesAreRejected() {
        for text in ["-100", "0", "fast", "", "inf", "-1k"] {
            expectParseError(.invalidRate) { try ParameterParsing.ratePerSecond(text) }
        }
    }

    @Test func countsParse() throws {
        #expect(try ParameterParsing.count("64") == 64)
        #expect(try ParameterParsing.count("10k") == 10_000)
        #expect(try ParameterParsing.count("100M") == 100_000_000)
        for text in ["0", "-3", "1.5", "many", ""] {
            expectParseError(.invalidNumber) { try ParameterParsing.count(text) }
        }
    }

    @Test func distributionsParse() throws {
        #expect(try ParameterParsing.keyDistribution("uniform") == .uniform)
        #expect(try ParameterParsing.keyDistribution("zipfian") == .zipfian(theta: 0.99))
        #expect(try ParameterParsing.keyDistribution("zipfian:0.8") == .zipfian(theta: 0.8))
        #expect(try ParameterParsing.keyDistribution("scrambled") == .scrambledZipfian(theta: 0.99))
        #expect(try ParameterParsing.keyDistribution("latest") == .latest(theta: 0.99))
        #expect(try ParameterParsing.keyDistribution("hotspot") == .hotspot(hotKeyFraction: 0.2, hotOpFraction: 0.8))
        #expect(try ParameterParsing.keyDistribution("hotspot:0.1:0.9") == .hotspot(hotKeyFraction: 0.1, hotOpFraction: 0.9))
        #expect(try ParameterParsing.keyDistribution("sequential") == .sequential)
        let specs: [KeyDistributionSpec] = [.uniform, .zipfian(theta: 0.7), .scrambledZipfian(theta: 0.9), .latest(theta: 0.5), .hotspot(hotKeyFraction: 0.3, hotOpFraction: 0.6), .sequential]
        for spec in specs {
            #expect(try ParameterParsing.keyDistribution(spec.argumentString) == spec)
        }
    }

    @Test func unknownDistributionNamesTheChoices() throws {
        let error = try #require(throws: LoadGeneratorError.self) { try ParameterParsing.keyDistribution("zipf") }
        #expect(error.code == .unknownDistribution)
        #expect(error.message == "unknown distribution 'zipf'; use one of \(ParameterParsing.distributionForms)")
    }

    @Test func badDistributionParametersAreRejected() {
        for text in ["zipfian:1.5", "zipfian:0", "zipfian:x", "zipfian:0.5:0.5", "hotspot:0.2", "hotspot:0:0.5", "hotspot:0.2:2", "uniform:3", "latest:1"] {
            expectParseError(.invalidDistribution) { try ParameterParsing.keyDistribution(text) }
        }
        expectParseError(.unknownDistribution) { try ParameterParsing.keyDistribution("") }
    }

    @Test func assignmentsSplitAtFirstEquals() throws {
        let (name, value) = try ParameterParsing.assignment("latency=lognormal:200us:0.5")
        #expect(name == "latency" && value == "lognormal:200us:0.5")
        for text in ["clients", "=8", "clients="] {
            expectParseError(.invalidAssignment) { try ParameterParsing.assignment(text) }
        }
    }

    @Test func latencyDistributionsParse() throws {
        #expect(try LatencyDistribution.parse("constant:200us") == .constant(nanos: 200_000))
        #expect(try LatencyDistribution.parse("2ms") == .constant(nanos: 2_000_000))
        #expect(try LatencyDistribution.parse("uniform:100us:300us") == .uniform(minNanos: 100_000, maxNanos: 300_000))
        #expect(try LatencyDistribution.parse("normal:200us:50us") == .normal(meanNanos: 200_000, stddevNanos: 50_000))
        #expect(try LatencyDistribution.parse("exponential:1ms") == .exponential(meanNanos: 1_000_000))
        #expect(try LatencyDistribution.parse("lognormal:200us:0.5") == .lognormal(medianNanos: 200_000, sigma: 0.5))
        let all: [LatencyDistribution] = [.constant(nanos: 5), .uniform(minNanos: 1, maxNanos: 9), .normal(meanNanos: 7, stddevNanos: 2), .exponential(meanNanos: 3), .lognormal(medianNanos: 4, sigma: 0.25)]
        for distribution in all {
            #expect(try LatencyDistribution.parse(distribution.description) == distribution)
        }
        for text in ["constant", "uniform:300us:100us", "lognormal:200us:-1", "gamma:1ms", "normal:1ms", "lognormal:200us:x", ""] {
            expectParseError(.invalidLatencyDistribution) { try LatencyDistribution.parse(text) }
        }
    }

    @Test func latencyDistributionsSampleTheirMean() {
        var random = SeededGenerator(seed: 4)
        let distributions: [LatencyDistribution] = [
            .uniform(minNanos: 100_000, maxNanos: 300_000), .normal(meanNanos: 200_000, stddevNanos: 20_000),
            .exponential(meanNanos: 200_000), .lognormal(medianNanos: 200_000, sigma: 0.5),
        ]
        for distribution in distributions {
            let draws = 40_000
            let mean = (0..<draws).reduce(0.0) { sum, _ in sum + Double(distribution.sampleNanos(using: &random)) } / Double(draws)
            #expect(abs(mean - distribution.meanNanos) / distribution.meanNanos < 0.03, "\(distribution): mean \(mean)")
        }
        var lognormal = [UInt64]()
        for _ in 0..<10_001 { lognormal.append(LatencyDistribution.lognormal(medianNanos: 200_000, sigma: 0.5).sampleNanos(using: &random)) }
        let median = lognormal.sorted()[5_000]
        #expect(abs(Double(median) - 200_000) / 200_000 < 0.05)
    }
}
