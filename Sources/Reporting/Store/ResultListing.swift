import Foundation

/// What the store holds, one entry per result file, newest first (`scalebench results`).
public struct ResultListing: Sendable {
    /// One stored result file.
    public struct Entry: Sendable, Hashable {
        public var commit: String
        public var dirty: Bool
        public var subject: String
        public var timestampUTC: String
        public var suite: String
        /// Distinct configurations.
        public var configurationCount: Int
        /// Cells including repetitions.
        public var cellCount: Int
        public var machine: MachineInfo
        public var toolchain: ToolchainInfo
        public var url: URL

        /// `abc1234` or `abc1234-dirty`.
        public var label: String { CommitDirectory(commit: commit, dirty: dirty).shortLabel }
    }

    public var entries: [Entry]
    /// Files that could not be read; every other file is listed.
    public var warnings: [ResultWarning]

    public init(scan: ResultScan) {
        entries = scan.results.map { stored in
            let file = stored.file
            let configurations = Set(file.cells.map { CellKey(suite: file.suite, parameters: $0.parameters) })
            return Entry(
                commit: file.commit, dirty: file.dirty, subject: file.commitSubject, timestampUTC: file.timestampUTC,
                suite: file.suite, configurationCount: configurations.count, cellCount: file.cells.count,
                machine: file.machine, toolchain: file.toolchain, url: stored.url
            )
        }.sorted { ($0.timestampUTC, $0.url.path) > ($1.timestampUTC, $1.url.path) }
        warnings = scan.warnings
    }

    /// An aligned text table, or a hint when the store is empty.
    public func renderText() -> String {
        guard !entries.isEmpty else {
            return "No results stored yet; run `scalebench bench <suite>` to record some.\n"
        }
        var table = TextTable(header: ["commit", "date (UTC)", "suite", "configs", "cells", "machine", "build", "subject"])
        for entry in entries {
            table.append([
                entry.label,
                entry.timestampUTC.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: ""),
                entry.suite,
                String(entry.configurationCount),
                String(entry.cellCount),
                "\(entry.machine.hostname) (\(entry.machine.coreCount) cores)",
                entry.toolchain.buildConfiguration,
                entry.subject,
            ])
        }
        return table.render()
    }
}

/// Left-aligned plain-text columns separated by two spaces.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
