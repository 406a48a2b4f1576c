import ScaleSupport
/// How a transaction takes its locks (SQLite's `BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE`).
public enum TransactionKind: Sendable, Hashable {
    /// Locks on first use: a read-only transaction gives one consistent snapshot.
    case deferred
    /// Takes the write lock at once, so the transaction cannot fail later with SQLITE_BUSY.
    case immediate
    /// Like immediate; in WAL mode the same.
    case exclusive

    var beginSQL: String {
        switch self {
        case .deferred: return "BEGIN DEFERRED"
        case .immediate: return "BEGIN IMMEDIATE"
        case .exclusive: return "BEGIN EXCLUSIVE"
        }
    }
}

extension SQLiteConnection {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Inside an open transaction this becomes a savepoint, so a nested failure undoes only the
    /// nested part (and the outer body decides whether to go on).
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: () throws -> sending T) throws -> sending T {
        if isInTransaction { return try savepoint(body) }
        try run(kind.beginSQL)
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            // SQLite rolls some failures back itself; only roll back what is still open.
            if isInTransaction { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back to when it throws.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> sending T) throws -> sending T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "scalebench_savepoint_\(savepointDepth)"
        try run("SAVEPOINT \(name)")
        do {
            let result = try body()
            try run("RELEASE \(name)")
            return result
        } catch {
            if isInTransaction {
                _ = try? run("ROLLBACK TO \(name)")
                _ = try? run("RELEASE \(name)")
            }
            throw error
        }
    }
}
