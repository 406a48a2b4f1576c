import ArgumentParser
import LoadGenerator

/// The load-generator options every `bench` accepts. Each takes a comma list; the cartesian
/// product of all lists is the sweep, one table row per cell.
struct LoadOptions: ParsableArguments {
    @Option(help: "Concurrent clients (in-flight operations), e.g. 1,8,64 (default 8, or the exercise sweep group's).")
    var clients: String?

    @Option(help: "Worker threads (real parallelism), e.g. 1,2.")
    var threads = "2"

    @Option(help: ArgumentHelp("Key distribution(s) (default uniform, or the scenario's own).", discussion: ParameterParsing.distributionForms))
    var dist: String?

    @Option(help: "Key space size(s), e.g. 10k,1M (default 10k).")
    var keys: String?

    @Option(help: "Open-loop arrival rate(s) in ops/s (latency corrected for coordinated omission); omit for closed loop.")
    var rate: String?

    @Option(help: "Value size(s) in bytes.")
    var valueSize = "100"

    @Option(help: "Measured time per cell, e.g. 5s (default 3s; exercises: their default sweep's).")
    var duration: String?

    @Option(help: "Warm-up per cell, not recorded, e.g. 500ms; 0 for none (default 500ms).")
    var warmup: String?

    @Option(help: "Stop a cell after this many operations (or at --duration, whichever comes first).")
    var ops: String?

    @Option(help: "Seed of every random draw; the same seed replays the same run.")
    var seed: UInt64 = 42

    /// The swept load parameters, in table order; the defaults fill in what was not given.
    func sweepParameters(defaultDist: String = "uniform", defaultKeys: String = "10k", defaultClients: String = "8") throws -> [SweepParameter] {
        var parameters = [
            SweepParameter(name: "clients", values: try ParameterParsing.list(clients ?? defaultClients)),
            SweepParameter(name: "threads", values: try ParameterParsing.list(threads)),
            SweepParameter(name: "dist", values: try ParameterParsing.list(dist ?? defaultDist)),
            SweepParameter(name: "keys", values: try ParameterParsing.list(keys ?? defaultKeys)),
            SweepParameter(name: "value-size", values: try ParameterParsing.list(valueSize)),
        ]
        if let rate {
            parameters.append(SweepParameter(name: "rate", values: try ParameterParsing.list(rate)))
        }
        return parameters
    }

    /// Checks every value of every list, so a typo fails before the first cell runs.
    func validateValues() throws {
        for parameter in try sweepParameters() {
            for value in parameter.values {
                _ = try LoadCellValues.parse(name: parameter.name, value: value)
            }
        }
        _ = try durationNanos()
        _ = try warmupNanos()
        _ = try operationCount()
    }

    /// The measured time per cell: `--duration`, else `fallback`.
    func durationNanos(fallback: UInt64 = 3_000_000_000) throws -> UInt64 {
        try duration.map(ParameterParsing.durationNanos) ?? fallback
    }

    /// The warm-up per cell: `--warmup` (0 for none), else `fallback`.
    func warmupNanos(fallback: UInt64 = 500_000_000) throws -> UInt64 {
        guard let warmup else { return fallback }
        return warmup == "0" ? 0 : try ParameterParsing.durationNanos(warmup)
    }

    func operationCount() throws -> UInt64? { try ops.map(ParameterParsing.count) }
}

/// Turns one cell's load parameters into the runner's configuration.
enum LoadCellValues {
    enum Value {
        case count(UInt64)
        case distribution(KeyDistributionSpec)
        case rate(Double)
    }

    static func parse(name: String, value: String) throws -> Value {
        switch name {
        case "dist": .distribution(try ParameterParsing.keyDistribution(value))
        case "rate": .rate(try ParameterParsing.ratePerSecond(value))
        default: .count(try ParameterParsing.count(value))
        }
    }

    /// The run configuration for `cell` with `mix` as the operation mix; `durationNanos` and
    /// `warmupNanos` override the options' (an exercise's default sweep sets its own).
    static func configuration(
        for cell: SweepCell, mix: OperationMix, options: LoadOptions, durationNanos: UInt64? = nil, warmupNanos: UInt64? = nil
    ) throws -> RunConfiguration {
        func count(_ name: String, _ fallback: UInt64) throws -> UInt64 {
            guard let text = cell[name], case .count(let value) = try parse(name: name, value: text) else { return fallback }
            return value
        }
        var distribution = KeyDistributionSpec.uniform
        if let text = cell["dist"] { distribution = try ParameterParsing.keyDistribution(text) }
        let valueSize = Int(clamping: try count("value-size", 100))
        let workload = Workload(
            mix: mix,
            keyCount: try count("keys", 10_000),
            keyDistribution: distribution,
            valueSizeBytesMin: valueSize,
            valueSizeBytesMax: valueSize,
            durationNanos: try options.durationNanos(fallback: durationNanos ?? 3_000_000_000),
            operationCount: try options.operationCount(),
            warmupNanos: try options.warmupNanos(fallback: warmupNanos ?? 500_000_000),
            seed: options.seed
        )
        var mode = LoadMode.closed
        if let text = cell["rate"] { mode = .open(ratePerSecond: try ParameterParsing.ratePerSecond(text)) }
        let configuration = RunConfiguration(
            workload: workload, mode: mode,
            threadCount: Int(clamping: try count("threads", 2)),
            clientCount: Int(clamping: try count("clients", 8))
        )
        // Every cell is checked against `RunLimits` before the first one runs.
        try configuration.validate()
        return configuration
    }
}
