import ArgumentParser
import ScaleBenchCLI
import Testing

@Suite("Usage errors: bad input exits 64 with a one-line message naming what was wrong")
struct UsageErrorTests {
    /// Arguments and a fragment the message must contain.
    static let benchCases: [([String], String)] = [
        (["bench", "nosuch"], "nosuch"),
        (["bench", "noop", "--clients", "1,,2"], "1,,2"),
        (["bench", "noop", "--rate=-5"], "-5"),
        (["bench", "noop", "--dist", "zipf"], "zipf"),
        (["bench", "noop", "--duration", "0s"], "0s"),
        (["bench", "user", "--set", "nope=1"], "nope"),
        (["bench", "user", "--shards", "0"], "0"),
        (["bench", "user", "--network", "warp"], "warp"),
        (["bench", "search", "--set", "statistics=nope"], "nope"),
        (["bench", "search", "--set", "hedging=always"], "always"),
        (["bench", "search", "--set", "cache=tier"], "--cache-nodes"),
        (["bench", "notification", "--set", "cache=cache-aside"], "--cache-nodes"),
        (["bench", "search", "--set", "corpus=/nonexistent/docs.jsonl"], "/nonexistent/docs.jsonl"),
        (["bench", "user", "--replicas", "9"], "--replicas"),
        (["bench", "user", "--set", "replication=paxos"], "paxos"),
        (["bench", "user", "--set", "reads=fastest"], "fastest"),
        (["bench", "noop", "--replicas", "3"], "--replicas"),
        (["bench", "user", "--cache-nodes", "17"], "--cache-nodes"),
        (["bench", "user", "--cache-nodes", "-1"], "--cache-nodes"),
        (["bench", "noop", "--cache-nodes", "2"], "--cache-nodes"),
        (["bench", "noop", "--repeat", "0"], "--repeat"),
        (["bench", "noop", "--shards", "2"], "--shards"),
        (["bench", "noop", "--threads", "5000"], "--threads"),
        (["bench", "noop", "--threads", "100000"], "1024"),
        (["bench", "noop", "--rate", "1e10"], "--rate"),
        (["bench", "noop", "--rate", "1000M"], "20M"),
        (["bench", "noop", "--clients", "1M"], "--clients"),
        (["bench", "noop", "--keys", "2G"], "--keys"),
        (["bench", "noop", "--value-size", "1G"], "--value-size"),
        (["bench", "noop", "--duration", "1000h"], "--duration"),
        (["bench", "noop", "--warmup", "2h"], "--warmup"),
        (["bench", "noop", "--ops", "1e15"], "--ops"),
        (["bench", "noop", "--repeat", "5000"], "--repeat"),
        (["bench", "noop", "--duration", "-1s"], "not positive"),
        (["bench", "noop", "--rate", "-5"], "not positive"),
        (["bench", "delay", "--set", "nope=1"], "nope"),
        (["bench", "noop", "--set", "latency=1ms"], "no option 'latency'"),
    ]

    static let checkCases: [([String], String)] = [
        (["check", "nosuch"], "nosuch"),
        (["check", "user", "--impl", "nosuch"], "nosuch"),
        (["check", "user", "--only", "nosuch"], "nosuch"),
        (["check", "user", "--replicas", "9"], "--replicas"),
        (["check", "user", "--cache-nodes", "17"], "--cache-nodes"),
        (["check", "user", "--network", "warp"], "warp"),
        (["check", "user", "--set", "nope=1"], "nope"),
        (["check", "user", "--set", "replication=paxos"], "paxos"),
        (["check", "search", "--set", "cache=tier,off", "--cache-nodes", "1"], "one value"),
        (["check", "search", "--impl", "reference", "--set", "cache=tier", "--cache-nodes", "0"], "--cache-nodes"),
    ]

    static let resultCommandCases: [([String], String)] = [
        (["compare", "--threshold", "p42=5"], "p42=5"),
        (["compare", "--threshold", "p99=-3"], "p99=-3"),
        (["compare", "--alpha", "1.5"], "alpha"),
        (["compare", "--format", "pdf"], "pdf"),
        (["compare", "--rerun", "main"], "BASE and HEAD"),
        (["compare", "--rerun", "main", "HEAD"], "after --"),
        (["compare", "--rerun", "main", "HEAD", "--runs", "0", "--", "bench", "noop"], "--runs"),
        (["compare", "--rerun", "main", "HEAD", "--suite", "user", "--", "bench", "user"], "--suite"),
        (["compare", "main", "HEAD", "--", "bench", "user"], "--rerun"),
        (["report", "--format", "pdf"], "pdf"),
        (["report", "--history-metric", "p42"], "p42"),
    ]

    @Test("bench rejects bad targets, lists, rates, distributions, durations, design options", arguments: benchCases)
    func bench(arguments: [String], fragment: String) throws {
        try Self.expectUsageError(arguments, mentioning: fragment)
    }

    @Test("check rejects unknown exercises, implementations and checks", arguments: checkCases)
    func check(arguments: [String], fragment: String) throws {
        try Self.expectUsageError(arguments, mentioning: fragment)
    }

    @Test("compare and report reject bad options before touching git", arguments: resultCommandCases)
    func resultCommands(arguments: [String], fragment: String) throws {
        try Self.expectUsageError(arguments, mentioning: fragment)
    }

    /// Parsing (which runs `validate()`) must fail with exit code 64 and a one-line message.
    static func expectUsageError(_ arguments: [String], mentioning fragment: String) throws {
        let error = try #require(throws: (any Error).self, "\(arguments) should be refused") {
            _ = try ScaleBenchCommand.parseAsRootJoiningNegativeValues(arguments)
        }
        let message = ScaleBenchCommand.message(for: error)
        #expect(ScaleBenchCommand.exitCode(for: error) == .validationFailure, "\(arguments): \(message)")
        #expect(!message.isEmpty)
        #expect(!message.contains("\n"), "\(arguments): multi-line message: \(message)")
        #expect(message.contains(fragment), "\(arguments): '\(message)' does not mention '\(fragment)'")
    }
}
