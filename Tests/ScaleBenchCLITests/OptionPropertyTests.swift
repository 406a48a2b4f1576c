import Foundation
import ScaleCore
import Testing

@Suite("Option parser under random values: every combination ends in exit 0, 1 or 64, never a crash or a hang")
struct OptionPropertyTests {
    /// Per option: valid small values, values past each limit, and malformed text.
    static let valuePools: [(option: String, values: [String])] = [
        ("--clients", ["1", "4", "2,3", "10k", "10001", "1M", "0", "-1", "1.5", "abc", "1e30", ""]),
        ("--threads", ["1", "2", "3", "1024", "1025", "5000", "100000", "0", "-3", "x"]),
        ("--rate", ["1000", "20k", "20M", "21M", "1e10", "1e12", "0", "-5", "nan", "inf", "1000M", "5/s"]),
        ("--duration", ["1ms", "5ms", "0s", "-1s", "1000h", "25h", "1e30s", "10", "ms", "2.5ms"]),
        ("--warmup", ["0", "1ms", "2h", "-1ms", "x"]),
        ("--ops", ["1", "100", "1e15", "0", "-1", "1.5"]),
        ("--keys", ["1", "10k", "1G", "2G", "0", "-2"]),
        ("--value-size", ["0", "100", "16M", "17M", "1G", "-1"]),
        ("--repeat", ["1", "2", "0", "-1", "5000", "x"]),
        ("--dist", ["uniform", "zipfian:0.5", "zipfian:2", "hotspot:0:0", "nope"]),
        ("--seed", ["1", "-1", "18446744073709551616", "x"]),
    ]

    static let targets = ["noop", "delay", "spin", "stall"]

    @Test("40 random bench command lines (seed printed on failure)")
    func randomCommandLines() async throws {
        let seed = UInt64(42)
        var generator = SeededGenerator(seed: seed)
        for trial in 0..<40 {
            var arguments = ["bench", Self.targets.randomElement(using: &generator)!, "--no-save"]
            for (option, values) in Self.valuePools where Bool.random(using: &generator) {
                arguments += [option, values.randomElement(using: &generator)!]
            }
            // Keep accepted runs short: a valid duration given below wins only if none was drawn.
            if !arguments.contains("--duration") { arguments += ["--duration", "5ms"] }
            if !arguments.contains("--warmup") { arguments += ["--warmup", "0"] }
            let startNanos = MonotonicClock.nowNanos()
            let outcome = await CLI.run(arguments)
            let elapsedSeconds = Double(MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())) / 1e9
            #expect([0, 1, 64].contains(outcome.exitCode), "seed \(seed) trial \(trial): \(arguments) → \(outcome)")
            #expect(!outcome.message.contains("\n"), "seed \(seed) trial \(trial): multi-line message for \(arguments)")
            // A hang detector, not a speed claim: the slowest accepted line runs about a second of work.
            #expect(elapsedSeconds < 120, "seed \(seed) trial \(trial): \(arguments) took \(elapsedSeconds) s")
        }
    }
}
