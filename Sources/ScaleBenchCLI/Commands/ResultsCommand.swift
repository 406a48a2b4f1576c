import ArgumentParser
import Reporting

/// `scalebench results`: what the results store holds, newest first.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "List the stored results: commit, date, suite, configurations, machine.",
        discussion: """
        Files that cannot be read are skipped with a warning on stderr; every other file is listed.

        Examples:
          scalebench results
          scalebench results --results-dir /tmp/ci-results
        """
    )

    @OptionGroup(title: "Results")
    var location: ResultsLocation

    func run() throws {
        let listing = try ReportingFailure.reporting { try location.readableWorkspace().listing() }
        ReportingFailure.printWarnings(listing.warnings)
        print(listing.renderText(), terminator: "")
    }
}
