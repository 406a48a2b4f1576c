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
          scalebench bench delay --latency constant:200us --clients 1,8,64
          scalebench check user                            your UserService against every check
          scalebench bench user --impl mine,reference --shards 1,2,4
        """,
        subcommands: [BenchCommand.self, CheckCommand.self, ExercisesCommand.self, ListCommand.self, MicroCommand.self]
    )

    public init() {}
}
