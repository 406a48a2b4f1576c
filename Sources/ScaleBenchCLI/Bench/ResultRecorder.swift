import Foundation
import LoadGenerator
import Reporting
import ScaleCore

/// Saves a bench run under `Results/<commit>[-dirty]/`, rewriting its one file after every cell so
/// an interrupted run keeps what it finished. Problems become warnings: a bench never fails
/// because its results could not be saved.
final class ResultRecorder: Sendable {
    private let store: ResultStore
    // The file so far and where it was written; cells arrive one at a time from the bench task.
    private let state: Locked<(file: ResultFile, url: URL?)>

    /// Prepares a file for `suite` in `workspace`'s store, stamped with its repository's commit.
    init(suite: String, seed: UInt64, workspace: ResultsWorkspace, parameterDefaults: [String: [String: String]] = [:]) throws {
        store = workspace.store
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        var file = ResultFile(
            suite: suite, revision: try workspace.git.workingTreeRevision(), date: Date(),
            machine: .current(), toolchain: ToolchainInfo(swiftVersion: ToolchainInfo.detectSwiftVersion(), buildConfiguration: configuration),
            seed: seed, cells: []
        )
        file.parameterDefaults = parameterDefaults.isEmpty ? nil : parameterDefaults
        state = Locked((file, nil))
    }

    /// Adds a finished cell and rewrites the file; returns where it is.
    @discardableResult
    func append(_ completed: CompletedCell) throws -> URL {
        var parameters = [CellParameter("suite", completed.cell.suite)]
        if let implementation = completed.cell.implementation { parameters.append(CellParameter("impl", implementation)) }
        parameters += completed.cell.parameters.assignments.map { CellParameter($0.name, $0.value) }
        let cell = ResultCell(parameters: parameters, repetition: completed.repetition, result: completed.result)
        return try state.withLock { state in
            state.file.cells.append(cell)
            if let url = state.url {
                try store.replace(state.file, at: url)
                return url
            }
            let written = try store.write(state.file)
            state.url = written
            return written
        }
    }

    /// Where the file is, once the first cell was saved.
    var location: URL? { state.withLock { $0.url } }
}
