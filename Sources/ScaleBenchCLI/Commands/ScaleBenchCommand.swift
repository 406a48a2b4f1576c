import ArgumentParser

/// `scalebench`: implement, check and benchmark system-design exercises.
public struct ScaleBenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scalebench",
        abstract: "Implement, check and benchmark system-design exercises.",
        discussion: """
        Examples:
          scalebench exercises
          scalebench check user
          scalebench bench user --impl mine,reference --shards 1,2,4
          scalebench bench default
          scalebench bench delay --set latency=constant:200us --clients 1,8,64
          scalebench results
          scalebench compare main HEAD
          scalebench report
          scalebench list
        """,
        subcommands: [BenchCommand.self, CheckCommand.self, CompareCommand.self, ExercisesCommand.self, ListCommand.self, MicroCommand.self, ReportCommand.self, ResultsCommand.self, SearchEngineCommand.self]
    )

    public init() {}
}
