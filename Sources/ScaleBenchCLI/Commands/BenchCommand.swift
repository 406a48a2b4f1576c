import ArgumentParser
import LoadGenerator

/// `scalebench bench <target>`: runs a sweep of load against a target and prints one row per cell.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a load sweep against a target and print p50/p99 and throughput per cell.",
        discussion: """
        Every option that takes a list sweeps: the cartesian product of all lists runs cell by \
        cell. Target options are given with --set name=v1,v2 (see `scalebench list`).

        Examples:
          scalebench bench noop --clients 1,8,64
          scalebench bench delay --set latency=constant:200us,lognormal:200us:0.5
          scalebench bench stall --rate 2000 --set period=1s --set pause=100ms --duration 5s
        """
    )

    @Argument(help: "What to load: a synthetic target (noop, delay, spin, stall).")
    var target: String

    @OptionGroup(title: "Load")
    var load: LoadOptions

    @Option(name: .customLong("set"), help: ArgumentHelp("A target option as name=v1,v2 (repeatable).", valueName: "name=values"))
    var targetOptions: [String] = []

    @Option(help: "Run every cell this many times (results keep every repetition).")
    var `repeat` = 1

    func validate() throws {
        do {
            try load.validateValues()
            _ = try cells()
        } catch let error as LoadGeneratorError {
            throw ValidationError(error.message)
        }
        guard `repeat` >= 1 else { throw ValidationError("--repeat is \(`repeat`); use 1 or more") }
    }

    func run() async throws {
        let cells = try cells()
        let varying = Self.varyingParameterNames(cells)
        print("bench \(target): \(cells.count) cell(s) × \(`repeat`) repetition(s), seed \(load.seed)")
        let executor = BenchExecutor(cells: cells, repetitions: `repeat`, varyingParameterNames: varying)
        let completed = try await Interrupts.cancellingOnInterrupt {
            try await executor.run { _ in }
        }
        if completed.count < cells.count * `repeat` {
            print("stopped early: \(completed.count) of \(cells.count * `repeat`) cell(s) finished")
            throw ExitCode.failure
        }
    }

    func cells() throws -> [BenchCell] {
        let targetParameters = try targetOptions.map(SweepParameter.parse)
        return try SyntheticPlan.cells(target: target, load: load, targetParameters: targetParameters)
    }

    /// Parameters that take more than one value across `cells`.
    static func varyingParameterNames(_ cells: [BenchCell]) -> [String] {
        guard let first = cells.first else { return [] }
        return first.parameters.assignments.map(\.name).filter { name in
            Set(cells.map { $0.parameters[name] ?? "" }).count > 1
        }
    }
}
