import Foundation

/// A result file and where it was read from.
public struct StoredResult: Sendable, Hashable {
    public var url: URL
    public var file: ResultFile

    public init(url: URL, file: ResultFile) {
        self.url = url
        self.file = file
    }
}

/// A file that was skipped while reading the store; every other file is still used.
public struct ResultWarning: Sendable, Hashable, CustomStringConvertible {
    public var fileURL: URL
    /// Why it was skipped (`corruptFile`, `newerSchema`, ...).
    public var error: ReportingError

    public init(fileURL: URL, error: ReportingError) {
        self.fileURL = fileURL
        self.error = error
    }

    /// `warning: skipped <file>: <reason and fix>`, one line.
    public var description: String { "warning: skipped \(error.message)" }
}

/// What a read of the store found: the readable files and a warning for each skipped one.
public struct ResultScan: Sendable {
    public var results: [StoredResult]
    public var warnings: [ResultWarning]

    public init(results: [StoredResult] = [], warnings: [ResultWarning] = []) {
        self.results = results
        self.warnings = warnings
    }
}

/// The `Results/` folder: one subfolder per commit (`<sha>` or `<sha>-dirty`), one JSON file per run.
public struct ResultStore: Sendable {
    /// The `Results/` folder itself.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Writes `file` atomically as `<root>/<commit>[-dirty]/<suite>-<UTC timestamp>.json` and returns
    /// its location; an existing file is never replaced (a suffix `-2`, `-3`, ... keeps names unique).
    @discardableResult
    public func write(_ file: ResultFile) throws -> URL {
        let data = try encode(file)
        let directory = root.appendingPathComponent(file.directoryName, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportingError(.writeFailed, "cannot create \(directory.path) (\(error.localizedDescription)); check that the Results folder is writable")
        }
        let stem = Self.fileNameComponent(file.suite) + "-" + UTCTimestamp.compact(fromISO8601: file.timestampUTC)
        for attempt in 1...1_000 {
            let name = attempt == 1 ? "\(stem).json" : "\(stem)-\(attempt).json"
            let url = directory.appendingPathComponent(name)
            do {
                try AtomicFile.write(data, to: url, existing: .keep)
                return url
            } catch is AtomicFile.TargetExists {
                continue
            }
        }
        throw ReportingError(.writeFailed, "\(directory.path) already holds 1000 files named \(stem)*.json; remove old results and retry")
    }

    /// Atomically replaces the file at `url` (one `write` returned) with `file`: a run that grows
    /// cell by cell rewrites its one file, so an interrupted run keeps every finished cell.
    public func replace(_ file: ResultFile, at url: URL) throws {
        try AtomicFile.write(try encode(file), to: url, existing: .replace)
    }

    /// Reads one result file; throws `corruptFile` or `newerSchema` with the file's name.
    public func load(fileAt url: URL, detail: ScanDetail = .full) throws -> ResultFile {
        let path = displayPath(url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReportingError.corruptFile(path, reason: "cannot read it: \(error.localizedDescription)")
        }
        return try Self.decode(data, path: path, detail: detail)
    }

    /// Reads every result file of every commit.
    public func scan(detail: ScanDetail = .full) -> ResultScan {
        scan(directories: commitDirectories(), detail: detail)
    }

    /// Reads the result files of `commit` (both its clean and its `-dirty` folder).
    public func scan(commit: String, detail: ScanDetail = .full) -> ResultScan {
        scan(directories: commitDirectories().filter { $0.commit == commit }, detail: detail)
    }

    /// Commits that have a results folder.
    public func commitsWithResults() -> Set<String> {
        Set(commitDirectories().map(\.commit))
    }

    func scan(directories: [CommitDirectory], detail: ScanDetail) -> ResultScan {
        var scan = ResultScan()
        for directory in directories.sorted(by: { $0.name < $1.name }) {
            for url in jsonFiles(in: root.appendingPathComponent(directory.name, isDirectory: true)) {
                do {
                    let file = try load(fileAt: url, detail: detail)
                    guard file.commit == directory.commit, file.dirty == directory.dirty else {
                        throw ReportingError.corruptFile(
                            displayPath(url),
                            reason: "it names commit \(file.shortLabel) but lies in folder \(directory.name)"
                        )
                    }
                    scan.results.append(StoredResult(url: url, file: file))
                } catch let error as ReportingError {
                    scan.warnings.append(ResultWarning(fileURL: url, error: error))
                } catch {
                    scan.warnings.append(ResultWarning(fileURL: url, error: .corruptFile(displayPath(url), reason: "\(error)")))
                }
            }
        }
        return scan
    }

    private func commitDirectories() -> [CommitDirectory] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.compactMap { name in
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            return CommitDirectory(name: name)
        }
    }

    /// Visible `.json` files of a folder, by name; hidden temp files of unfinished writes are ignored.
    private func jsonFiles(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// `Results/<commit>/<file>` for files under the store, the full path otherwise.
    func displayPath(_ url: URL) -> String {
        let rootPath = root.standardizedFileURL.path
        let filePath = url.standardizedFileURL.path
        guard filePath.hasPrefix(rootPath + "/") else { return filePath }
        return root.lastPathComponent + "/" + filePath.dropFirst(rootPath.count + 1)
    }

    /// Keeps letters, digits, `.`, `_` and `-` so a suite name is safe as part of a file name.
    static func fileNameComponent(_ text: String) -> String {
        let safe = text.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" }
        let name = String(safe).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return name.isEmpty ? "suite" : name
    }
}
