import ScaleSupport

extension StorageNode {
    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`) while a session records the rows it
    /// changes, and returns its result with that changeset and its inverse (computed before the
    /// commit, so nothing can fail once the rows are in). Commits, counted as a write, when the
    /// body changed rows; rolls back, uncounted, when it changed none; rolls back, counted as a
    /// failed write, when the body or the commit throws, and rethrows.
    ///
    /// One transaction instead of record-roll-back-then-apply: the rows are written once, and the
    /// primary applies no changeset of its own.
    public func writeRecordingChanges<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> (value: T, changeset: SQLiteChangeset, inverse: SQLiteChangeset) {
        try writer.withLockTimed { slot in
            let connection = try self.connection(in: slot)
            let changesBefore = connection.totalChanges
            try connection.run(TransactionKind.immediate.beginSQL)
            do {
                let (value, changeset) = try connection.recordingChanges { try body(connection) }
                guard !changeset.isEmpty else {
                    try connection.run("ROLLBACK")
                    return (value, changeset, changeset)
                }
                let inverse = try changeset.inverted()
                try connection.run("COMMIT")
                slot.writes += 1
                slot.rowsWritten += connection.totalChanges - changesBefore
                return (value, changeset, inverse)
            } catch {
                // SQLite rolls some failures back itself; only roll back what is still open.
                if connection.isInTransaction { _ = try? connection.run("ROLLBACK") }
                slot.failedWrites += 1
                throw error
            }
        }
    }
}
