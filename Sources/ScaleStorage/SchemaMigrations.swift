import ScaleSupport
/// One versioned schema step: SQL run once per database, in version order.
public struct SchemaMigration: Sendable, Hashable, Codable {
    /// Position in the component's history; strictly increasing, from 1.
    public var version: Int
    /// A short label for errors and listings ("create users").
    public var name: String
    /// One or more statements (no parameters).
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Fingerprint of the SQL, stored when applied so an edited step is noticed.
    var checksum: Int64 { Int64(bitPattern: StableHash.hash(sql)) }
}

/// The schema history of one component (an exercise, the work queue, ...). Each component's
/// applied versions are tracked separately, so several components can share a node.
public struct SchemaMigrations: Sendable, Hashable, Codable {
    /// Names the history in the tracking table; keep it stable.
    public var component: String
    /// The steps, versions strictly increasing from 1.
    public var steps: [SchemaMigration]

    public init(component: String, steps: [SchemaMigration]) {
        self.component = component
        self.steps = steps
    }

    /// The table that records applied steps, one row per component and version.
    static let trackingTable = "scalebench_schema_migrations"

    /// Throws `.invalidMigrations` unless versions are positive and strictly increasing.
    func validate() throws {
        var previous = 0
        for step in steps {
            guard step.version > previous else {
                throw StorageError(
                    code: .invalidMigrations,
                    message: "migrations of '\(component)': version \(step.version) ('\(step.name)') must be above \(previous)"
                )
            }
            previous = step.version
        }
    }
}

extension StorageNode {
    /// Brings the schema of `migrations.component` up to date, in one write transaction, and
    /// returns the versions it applied (empty when already current: running it again is a no-op).
    ///
    /// Throws `.migrationMismatch` when the database holds a version this list lacks, or one whose
    /// SQL changed since it was applied, or when a pending step is older than an applied one.
    @discardableResult
    public func migrate(_ migrations: SchemaMigrations) throws -> [Int] {
        try migrations.validate()
        return try write { connection in
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS \(SchemaMigrations.trackingTable) (
                    component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
                    checksum INTEGER NOT NULL, PRIMARY KEY (component, version)) WITHOUT ROWID
                """)
            let applied = try Self.appliedSteps(migrations.component, on: connection)
            let known = Dictionary(uniqueKeysWithValues: migrations.steps.map { ($0.version, $0) })
            for (version, checksum) in applied {
                guard let step = known[version] else {
                    throw Self.mismatch(migrations.component, "the database has version \(version), which this program does not know")
                }
                guard step.checksum == checksum else {
                    throw Self.mismatch(migrations.component, "step \(version) ('\(step.name)') was changed after it was applied")
                }
            }
            let newestApplied = applied.map(\.version).max() ?? 0
            var appliedNow: [Int] = []
            for step in migrations.steps where !applied.contains(where: { $0.version == step.version }) {
                guard step.version > newestApplied else {
                    throw Self.mismatch(migrations.component, "step \(step.version) ('\(step.name)') is older than applied version \(newestApplied)")
                }
                try connection.execute(step.sql)
                try connection.run(
                    "INSERT INTO \(SchemaMigrations.trackingTable) (component, version, name, checksum) VALUES (?, ?, ?, ?)",
                    migrations.component, step.version, step.name, step.checksum
                )
                appliedNow.append(step.version)
            }
            return appliedNow
        }
    }

    /// The versions of `component` applied to this node, ascending.
    public func appliedMigrationVersions(component: String) throws -> [Int] {
        try read { connection in
            let exists = try connection.queryOne(
                "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", SchemaMigrations.trackingTable
            ) { _ in true } ?? false
            guard exists else { return [] }
            return try Self.appliedSteps(component, on: connection).map(\.version)
        }
    }

    private static func appliedSteps(_ component: String, on connection: SQLiteConnection) throws -> [(version: Int, checksum: Int64)] {
        try connection.query(
            "SELECT version, checksum FROM \(SchemaMigrations.trackingTable) WHERE component = ? ORDER BY version",
            component
        ) { row in (version: Int(row.int64(at: 0)), checksum: row.int64(at: 1)) }
    }

    private static func mismatch(_ component: String, _ detail: String) -> StorageError {
        StorageError(code: .migrationMismatch, message: "migrations of '\(component)': \(detail)")
    }
}
