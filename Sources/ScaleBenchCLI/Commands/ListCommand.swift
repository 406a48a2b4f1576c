import ArgumentParser
import LoadGenerator
import ScaleCore

/// `scalebench list`: every target, exercise, scenario, distribution and network profile by name.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List bench targets, exercises, scenarios, key distributions and network profiles."
    )

    func run() throws {
        for exercise in ExerciseCatalog.all {
            let descriptor = exercise.descriptor
            print("Exercise \(descriptor.shortName) (\(descriptor.difficulty.rawValue)): \(descriptor.title) — \(descriptor.readmePath)")
            print("  implementations (--impl):")
            for (name, summary) in exercise.implementationList { print("    \(name.padding(16))\(summary)") }
            print("  scenarios (--scenario):")
            for (name, summary) in exercise.scenarioList { print("    \(name.padding(16))\(summary)") }
            for option in exercise.designOptions {
                let values = option.values.isEmpty ? "VALUE" : option.values.joined(separator: ",")
                print("  --set \(option.name)=\(values) (default \(option.defaultValue)): \(option.summary)")
            }
            print("  checks (scalebench check \(descriptor.shortName) --only NAME):")
            for (name, summary) in exercise.checkList { print("    \(name.padding(30))\(summary)") }
            print("")
        }
        print("Synthetic targets (scalebench bench <target> --set option=values):")
        for target in SyntheticTargets.all {
            print("  \(target.name.padding(10))\(target.summary)")
            for option in target.options {
                let defaultText = option.defaultValue.map { " (default \($0))" } ?? ""
                print("    --set \(option.name)=…  \(option.summary)\(defaultText)")
            }
        }
        print("")
        print("Key distributions (--dist): \(ParameterParsing.distributionForms)")
        print("Network profiles (--network): \(LatencyDistribution.namedProfiles.map(\.name).joined(separator: ", ")), or a distribution such as lognormal:1ms:0.3")
        print("")
        print("Micro-benchmarks (scalebench micro <name>):")
        for entry in MicroBenchmarks.all {
            print("  \(entry.name.padding(12))\(entry.summary)")
        }
    }
}

extension String {
    /// The string left-aligned in `width` columns (at least one space after it).
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(1, width - count))
    }
}
