import ArgumentParser

/// `scalebench`: implement, check and benchmark system-design exercises.
public struct ScaleBenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scalebench",
        abstract: "Implement, check and benchmark system-design exercises.",
        discussion: """
        Examples:
          scalebench list                                  targets, exercises and scenarios
          scalebench bench default                         the default suite (what `make bench` runs)
          scalebench bench delay --set latency=constant:200us --clients 1,8,64
          scalebench check user                            your UserService against every check
          scalebench bench user --impl mine,reference --shards 1,2,4
          scalebench results                               stored results per commit
          scalebench compare main HEAD                     exit 2 on a regression
          scalebench report                                Results/report.html
        """,
        subcommands: [BenchCommand.self, CheckCommand.self, CompareCommand.self, ExercisesCommand.self, ListCommand.self, MicroCommand.self, ReportCommand.self, ResultsCommand.self]
    )

    public init() {}
}
