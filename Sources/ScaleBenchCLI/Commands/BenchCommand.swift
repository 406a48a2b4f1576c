import ArgumentParser
import ExerciseKit
import Foundation
import LoadGenerator
import Reporting

/// `scalebench bench <target>`: runs a sweep of load against a target and prints one row per cell.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a load sweep against an exercise or a synthetic target; print p50/p99 and throughput per cell.",
        discussion: """
        Every option that takes a list sweeps: the cartesian product of all lists runs cell by \
        cell. Results go to Results/<commit>[-dirty]/ (see `scalebench results`).

        Examples:
          scalebench bench default                              every exercise's default sweep
          scalebench bench user --impl mine,reference --shards 1,2,4
          scalebench bench user --scenario email-lookup --set email-lookup=scatter-gather,global-index
          scalebench bench user --scenario read-heavy --replicas 3 --set replication=sync,async --set reads=primary,any
          scalebench bench delay --set latency=constant:200us,lognormal:200us:0.5 --clients 1,8,64
          scalebench bench stall --rate 2000 --set period=1s --set pause=100ms --duration 5s
        """
    )

    @Argument(help: "What to load: default, an exercise (\(ExerciseCatalog.names.joined(separator: ", "))), or a synthetic target (\(SyntheticTargets.names.joined(separator: ", "))).")
    var target: String

    @OptionGroup(title: "Load")
    var load: LoadOptions

    @OptionGroup(title: "Exercise")
    var cluster: ClusterOptions

    @Option(name: .customLong("set"), help: ArgumentHelp("A target or design option as name=v1,v2 (repeatable), e.g. email-lookup=scatter-gather,global-index.", valueName: "name=values"))
    var setOptions: [String] = []

    @Option(help: "Run every cell this many times (results keep every repetition).")
    var `repeat` = 1

    @Flag(help: "Do not write a results file.")
    var noSave = false

    @OptionGroup(title: "Results")
    var location: ResultsLocation

    func validate() throws {
        guard (1...Self.repeatMax).contains(`repeat`) else {
            throw ValidationError("--repeat is \(`repeat`); use 1 to \(Self.repeatMax) (compare needs 5)")
        }
        try Self.usageErrors {
            try load.validateValues()
            _ = try cells()
        }
    }

    /// Repetitions per cell: enough for any rank test, not enough to run for a week by accident.
    static let repeatMax = 1_000

    func run() async throws {
        let planned = try Self.usageErrors { try cells() }
        let total = planned.count * `repeat`
        let recorder = noSave ? nil : try makeRecorder()
        print("bench \(target): \(planned.count) cell(s) × \(`repeat`) repetition(s), seed \(load.seed)")
        let shared = BenchExecutor.sharedParameterText(planned)
        if !shared.isEmpty { print("every cell: \(shared)") }
        let executor = BenchExecutor(cells: planned, repetitions: `repeat`)
        let outcome = try await Interrupts.stoppingAfterCurrentStep { interrupt in
            try await executor.run(stopRequested: { interrupt.isRaised }) { done in
                do {
                    try recorder?.append(done)
                } catch {
                    Terminal.printError("warning: could not save results: \(error)")
                }
            }
        }
        print(BenchSummary.render(outcome.completed, executor: executor))
        if let location = recorder?.location { print("results: \(location.path)") }
        if outcome.interrupted {
            print("stopped early: \(outcome.completed.count) of \(total) cell(s) finished (all of them saved)")
            throw ExitCode(Interrupts.exitCode)
        }
        if !outcome.failedToPrepare.isEmpty {
            Terminal.printError("error: \(outcome.failedToPrepare.count) cell(s) could not be prepared and have no row: \(outcome.failedToPrepare.joined(separator: "; ")); the others are saved. Each names why: fix the option it names, or, if it timed out, rerun those cells alone or on a quieter machine")
            throw ExitCode.failure
        }
    }

    func cells() throws -> [BenchCell] {
        let parameters = try setOptions.map(SweepParameter.parse)
        if target == "default" {
            return try ExerciseCatalog.all.flatMap { try ExercisePlan.cells(exercise: $0, load: load, cluster: cluster, designParameters: parameters) }
        }
        if ExerciseCatalog.isExercise(target) {
            return try ExercisePlan.cells(exercise: try ExerciseCatalog.named(target), load: load, cluster: cluster, designParameters: parameters)
        }
        guard SyntheticTargets.names.contains(target) else {
            throw ValidationError("unknown target '\(target)'; use default, an exercise (\(ExerciseCatalog.names.joined(separator: ", "))) or a synthetic target (\(SyntheticTargets.names.joined(separator: ", ")))")
        }
        if cluster.choosesDesign {
            throw ValidationError("--impl, --scenario, --shards, --replicas, --cache-nodes, --network, --storage and --partitioner apply to exercises, not to '\(target)'")
        }
        return try SyntheticPlan.cells(target: target, load: load, targetParameters: parameters)
    }

    /// The recorder, or a usage error before any cell runs when results cannot be saved.
    private func makeRecorder() throws -> ResultRecorder {
        let workspace = try location.writableWorkspace()
        do {
            return try ResultRecorder(suite: target, seed: load.seed, workspace: workspace, parameterDefaults: ExercisePlan.parameterDefaults)
        } catch let error as ReportingError {
            throw ValidationError("results cannot be saved: \(error.message); fix it or pass --no-save")
        }
    }

    /// Runs `body`, turning input errors from the modules into usage errors (exit code 64).
    static func usageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LoadGeneratorError {
            throw ValidationError(error.message)
        } catch let error as ExerciseError {
            throw ValidationError(error.message)
        }
    }
}
