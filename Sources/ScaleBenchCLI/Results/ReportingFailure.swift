import ArgumentParser
import Reporting

/// How Reporting's errors leave the CLI: one `Error: …` line on stderr, then an exit code that
/// tells the user's mistakes (64) from everything else (1).
enum ReportingFailure {
    /// Codes caused by what the user typed or asked for, so they exit as usage errors.
    static let usageCodes: Set<ReportingError.Code> = [.unknownRevision, .noResults, .noCommonCells, .invalidOption]

    /// 64 for the user's mistakes, 1 for failures of git, the file system, builds or runs.
    static func exitCode(for error: ReportingError) -> ExitCode {
        usageCodes.contains(error.code) ? ExitCode.validationFailure : ExitCode.failure
    }

    /// Runs `body`; a `ReportingError` is printed as one line and becomes its exit code.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportingError {
            Terminal.printError("Error: \(error.message)")
            throw exitCode(for: error)
        }
    }

    /// Runs `body` during `validate()`, turning a `ReportingError` into a usage error.
    static func validating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ReportingError {
            throw ValidationError(error.message)
        }
    }

    /// Prints each skipped file as a `warning: skipped …` line on stderr.
    static func printWarnings(_ warnings: [ResultWarning]) {
        for warning in warnings { Terminal.printError(warning.description) }
    }
}
