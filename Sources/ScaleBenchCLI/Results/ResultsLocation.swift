import ArgumentParser
import Foundation
import Reporting

/// Where results are read and written: the git repository they are filed under and its store.
/// Shared by bench, results, compare and report.
struct ResultsLocation: ParsableArguments {
    @Option(help: ArgumentHelp("Use this results folder instead of the repository's Results/.", valueName: "folder"))
    var resultsDir: String?

    @Option(help: ArgumentHelp("The git repository results are filed under (default: the one around the current folder).", valueName: "path"))
    var repository: String?

    /// The repository folder as given, else the current folder (relative paths resolve against it).
    var repositoryURL: URL {
        URL(fileURLWithPath: repository ?? FileManager.default.currentDirectoryPath, isDirectory: true)
    }

    /// The workspace these options name; without `--results-dir` the store is `<repository top>/Results`.
    func workspace() throws -> ResultsWorkspace {
        guard let resultsDir else { return try ResultsWorkspace(repositoryDirectory: repositoryURL) }
        let store = ResultStore(root: URL(fileURLWithPath: resultsDir, isDirectory: true))
        return ResultsWorkspace(store: store, git: GitRepository(directory: repositoryURL))
    }
}
