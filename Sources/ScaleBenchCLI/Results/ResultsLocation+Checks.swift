import ArgumentParser
import Foundation
import Reporting

extension ResultsLocation {
    /// The workspace a bench saves to, checked before anything runs: the repository is a git
    /// repository and the results folder exists (created when missing) and takes a file.
    func writableWorkspace() throws -> ResultsWorkspace {
        let workspace = try checkedWorkspace()
        let root = workspace.store.root
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let probe = root.appendingPathComponent(".write-probe-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw ValidationError("cannot write results to \(root.path) (\(error.localizedDescription)); choose a writable --results-dir, or pass --no-save")
        }
        return workspace
    }

    /// The workspace results are read from: the repository is a git repository and a given
    /// `--results-dir` exists, so a typo is not mistaken for "no results yet".
    func readableWorkspace() throws -> ResultsWorkspace {
        let workspace = try checkedWorkspace()
        if let resultsDir {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resultsDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--results-dir \(resultsDir) is not an existing folder; give the folder a bench wrote to")
            }
        }
        return workspace
    }

    private func checkedWorkspace() throws -> ResultsWorkspace {
        do {
            let workspace = try workspace()
            _ = try workspace.git.topLevel()
            return workspace
        } catch is ReportingError {
            let which = repository.map { "--repository \($0)" } ?? "the current folder"
            throw ValidationError("\(which) is not inside a git repository; run from the project or pass --repository <git folder>")
        }
    }
}
