import Foundation

/// The real rerun executor: `swift build -c release --product scalebench` in the checkout, then the
/// built scalebench with the suite arguments in the checkout, collecting the new files under its `Results/`.
public struct ReleaseBuildExecutor: RerunExecutor {
    /// Show build and run output on this process's terminal (long runs show progress).
    public var showsOutput: Bool

    public init(showsOutput: Bool = true) {
        self.showsOutput = showsOutput
    }

    public func build(checkout: URL) throws -> URL {
        let command = ["swift", "build", "-c", "release", "--product", "scalebench"]
        let output: ProcessOutput
        do {
            output = try ProcessRunner.run(command, in: checkout, inheritOutput: showsOutput)
        } catch {
            throw ReportingError(.buildFailed, "cannot start swift in \(checkout.path) (\(error)); make sure swift is on PATH")
        }
        guard output.status == 0 else {
            let detail = showsOutput ? "see the build output above" : output.firstErrorLine
            throw ReportingError(.buildFailed, "`\(command.joined(separator: " "))` failed in \(checkout.path) (\(detail)); that revision may not build, fix it or pick another")
        }
        let executable = checkout.appendingPathComponent(".build/release/scalebench")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ReportingError(.buildFailed, "the build in \(checkout.path) produced no .build/release/scalebench; that revision may predate the scalebench product")
        }
        return executable
    }

    public func run(executable: URL, checkout: URL, arguments: [String]) throws -> [URL] {
        let results = checkout.appendingPathComponent("Results", isDirectory: true)
        let before = Set(Self.resultFiles(under: results))
        let output: ProcessOutput
        do {
            output = try ProcessRunner.run([executable.path] + arguments, in: checkout, inheritOutput: showsOutput)
        } catch {
            throw ReportingError(.runFailed, "cannot start \(executable.path) (\(error)); rebuild it and retry")
        }
        guard output.status == 0 else {
            let detail = showsOutput ? "see its output above" : output.firstErrorLine
            throw ReportingError(.runFailed, "`scalebench \(arguments.joined(separator: " "))` exited with \(output.status) in \(checkout.path) (\(detail)); check the suite arguments")
        }
        return Self.resultFiles(under: results).filter { !before.contains($0) }
    }

    /// Visible `.json` files one folder deep under `Results/`, sorted.
    static func resultFiles(under root: URL) -> [URL] {
        let fileManager = FileManager.default
        let folders = (try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []
        return folders.sorted().flatMap { folder -> [URL] in
            let directory = root.appendingPathComponent(folder, isDirectory: true)
            let names = (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }
}
