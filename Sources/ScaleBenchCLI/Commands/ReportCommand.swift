import ArgumentParser
import Foundation
import Reporting

/// `scalebench report [REVISION]`: one revision's results as HTML with charts, Markdown, CSV or .hgrm files.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report of one revision's results: HTML with SVG charts, Markdown, CSV or .hgrm files.",
        discussion: """
        HTML and Markdown show the results per suite, a comparison with the nearest ancestor that has \
        results (or --base), and the history across commits. Prints the path written.

        Examples:
          scalebench report                  Results/report.html, current commit
          scalebench report main --format markdown --output report.md
          scalebench report --scale-by shards --history-metric throughput
          scalebench report --format hgrm    Results/hgrm-<commit>/*.hgrm
        """
    )

    /// What the report is written as.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, markdown, csv, hgrm
    }

    @Argument(help: "Revision to report (default: the newest results of the current commit); REV-dirty picks its dirty results.")
    var revision: String?

    @Option(help: "html (one self-contained page), markdown, csv (one row per run) or hgrm (a folder of percentile distributions).")
    var format: Format = .html

    @Option(help: ArgumentHelp("Where to write (default: Results/report.html, .md or .csv; for hgrm the folder Results/hgrm-<commit>/).", valueName: "path"))
    var output: String?

    @Option(help: "Only this suite.")
    var suite: String?

    @Option(help: ArgumentHelp("Numeric parameter of the throughput and p99 scaling charts, e.g. shards (default: picked from the results).", valueName: "parameter"))
    var scaleBy: String?

    @Option(help: ArgumentHelp("Metric charted across commits: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "metric"))
    var historyMetric = Metric.latencyP99.rawValue

    @Option(help: "Compare with this revision (default: the nearest ancestor with results, when one has them).")
    var base: String?

    @OptionGroup(title: "Verdicts")
    var verdicts: VerdictOptions

    @OptionGroup(title: "Results")
    var location: ResultsLocation

    func validate() throws {
        guard Metric(argument: historyMetric) != nil else {
            throw ValidationError("unknown metric '\(historyMetric)' for --history-metric; use one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let workspace = try location.readableWorkspace()
        let written = try ReportingFailure.reporting {
            do {
                return try write(in: workspace)
            } catch let error as ReportingError where error.code == .writeFailed && output != nil {
                // The user chose where to write: an unusable --output is their mistake (exit 64).
                throw ReportingError(.invalidOption, error.message)
            }
        }
        print(written.path)
    }

    /// Gathers what the format needs, writes it, and returns the file or folder written.
    private func write(in workspace: ResultsWorkspace) throws -> URL {
        let root = workspace.store.root
        switch format {
        case .html, .markdown:
            let document = try workspace.report(revision: revision, suite: suite, options: try reportOptions())
            try Self.checkScalingParameter(scaleBy, in: document.selection.set.files)
            ReportingFailure.printWarnings(document.warnings)
            for note in document.notes { Terminal.printError("note: \(note)") }
            let html = format == .html
            let url = outputURL(default: root.appendingPathComponent(html ? "report.html" : "report.md"))
            try Self.writeAtomically(html ? HTMLReport.render(document) : MarkdownReport.results(document), to: url)
            return url
        case .csv:
            let selection = try workspace.select(revision: revision, suite: suite)
            ReportingFailure.printWarnings(selection.warnings)
            let url = outputURL(default: root.appendingPathComponent("report.csv"))
            try Self.writeAtomically(CSVReport.results(selection.set.files), to: url)
            return url
        case .hgrm:
            let selection = try workspace.select(revision: revision, suite: suite)
            ReportingFailure.printWarnings(selection.warnings)
            let folder = outputURL(default: root.appendingPathComponent("hgrm-\(selection.set.label)", isDirectory: true))
            try HgrmExport.write(HgrmExport.files(for: selection.set), to: folder)
            return folder
        }
    }

    /// `--scale-by` must name a parameter of some selected cell, or the chart silently vanishes.
    static func checkScalingParameter(_ name: String?, in files: [StoredResult]) throws {
        guard let name else { return }
        let names = Set(files.flatMap { $0.file.cells.flatMap { $0.parameters.map(\.name) } })
        guard names.contains(name) else {
            throw ReportingError(.invalidOption, "--scale-by \(name) is not a parameter of these results; use one of \(names.sorted().joined(separator: ", "))")
        }
    }

    private func reportOptions() throws -> ReportOptions {
        ReportOptions(
            scalingParameter: scaleBy,
            historyMetric: Metric(argument: historyMetric) ?? .latencyP99,
            baseRevision: base,
            compareOptions: try verdicts.compareOptions()
        )
    }

    private func outputURL(default fallback: URL) -> URL {
        output.map { URL(fileURLWithPath: $0) } ?? fallback
    }

    /// Creates the folder when missing, then replaces the file in one step.
    static func writeAtomically(_ text: String, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportingError(.writeFailed, "cannot create \(folder.path) (\(error.localizedDescription)); choose a writable --output")
        }
        try AtomicFile.write(Data(text.utf8), to: url)
    }
}
