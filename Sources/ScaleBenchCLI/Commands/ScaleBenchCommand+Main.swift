import ArgumentParser

extension ScaleBenchCommand {
    /// Parses the process arguments and runs the chosen subcommand, exiting with its code
    /// (64 for usage errors, as swift-argument-parser maps them).
    public static func runFromProcessArguments() async {
        do {
            var command = try parseAsRootJoiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
