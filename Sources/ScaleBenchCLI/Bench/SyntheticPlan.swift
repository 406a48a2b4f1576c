import ArgumentParser
import ExerciseKit
import LoadGenerator

/// Bench cells for a synthetic target (`noop`, `delay`, `spin`, `stall`): the load sweep times the
/// target-option sweep given with `--set`.
enum SyntheticPlan {
    static func cells(target name: String, load: LoadOptions, targetParameters: [SweepParameter]) throws -> [BenchCell] {
        let descriptor = try SyntheticTargets.descriptor(named: name)
        let optionNames = Set(descriptor.options.map(\.name))
        if let unknown = targetParameters.first(where: { !optionNames.contains($0.name) }) {
            let known = optionNames.isEmpty ? "it takes no --set options" : "use \(optionNames.sorted().joined(separator: ", "))"
            throw ValidationError("--set \(unknown.name): target '\(name)' has no option '\(unknown.name)'; \(known)")
        }
        // Resolve defaults into the parameters, so a results file records the full configuration.
        var parameters = try load.sweepParameters()
        for option in descriptor.options {
            if let given = targetParameters.first(where: { $0.name == option.name }) {
                parameters.append(given)
            } else if let defaultValue = option.defaultValue {
                parameters.append(SweepParameter(name: option.name, values: [defaultValue]))
            }
        }
        let grid = try ParameterGrid(parameters)
        // Build every target once now, so a bad option value fails before the first cell runs.
        for cell in grid.cells {
            _ = try descriptor.makeTarget(options: cell.dictionary.filter { optionNames.contains($0.key) }, seed: load.seed)
        }
        return try grid.cells.map { cell in
            let targetOptions = cell.dictionary.filter { optionNames.contains($0.key) }
            let seed = load.seed
            return BenchCell(
                suite: name, implementation: nil, parameters: cell,
                configuration: try LoadCellValues.configuration(for: cell, mix: .single("op"), options: load),
                prepare: { PreparedTarget(target: try descriptor.makeTarget(options: targetOptions, seed: seed)) }
            )
        }
    }
}
