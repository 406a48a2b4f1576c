import ExerciseKit
import LoadGenerator

/// One row of a bench: which suite and implementation, its full configuration, and how to build
/// the target fresh for it.
struct BenchCell: Sendable {
    /// `delay`, `user`, ...
    var suite: String
    /// The default-sweep group the cell belongs to, printed above its rows; nil for none.
    var group: String? = nil
    /// Implementation name for exercises (`reference`, `mine`, `floor`, ...); nil for synthetic targets.
    var implementation: String?
    /// Every parameter of the cell, swept or not: what results are matched on across commits.
    var parameters: SweepCell
    var configuration: RunConfiguration
    var prepare: @Sendable () async throws -> PreparedTarget
}

/// A finished cell.
struct CompletedCell: Sendable {
    var cell: BenchCell
    var repetition: Int
    var result: RunResult
}
