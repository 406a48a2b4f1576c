import ArgumentParser

@main
struct ScaleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scalebench",
        abstract: "Implement, check and benchmark system-design exercises."
    )
}
