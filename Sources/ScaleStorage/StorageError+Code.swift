import ScaleSupport
import CSQLite

extension StorageError {
    /// A primary result code: SQLite's own values, plus wrapper codes from 1000 up.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: Int32

        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// SQL error or missing database (`SQLITE_ERROR`): bad SQL, unknown table, ...
        public static let error = Code(rawValue: SQLITE_ERROR)
        /// The database file is locked by another connection (`SQLITE_BUSY`).
        public static let busy = Code(rawValue: SQLITE_BUSY)
        /// A table is locked (`SQLITE_LOCKED`).
        public static let locked = Code(rawValue: SQLITE_LOCKED)
        /// Attempt to write a read-only database or through a read connection (`SQLITE_READONLY`).
        public static let readOnly = Code(rawValue: SQLITE_READONLY)
        /// Disk I/O error (`SQLITE_IOERR`).
        public static let ioError = Code(rawValue: SQLITE_IOERR)
        /// The database image is malformed (`SQLITE_CORRUPT`).
        public static let corrupt = Code(rawValue: SQLITE_CORRUPT)
        /// The disk is full (`SQLITE_FULL`).
        public static let full = Code(rawValue: SQLITE_FULL)
        /// The database file could not be opened (`SQLITE_CANTOPEN`).
        public static let cantOpen = Code(rawValue: SQLITE_CANTOPEN)
        /// A constraint was violated (`SQLITE_CONSTRAINT`); see `extendedCode` for which kind.
        public static let constraint = Code(rawValue: SQLITE_CONSTRAINT)
        /// A value had the wrong type for the column or the Swift type it was read as (`SQLITE_MISMATCH`).
        public static let mismatch = Code(rawValue: SQLITE_MISMATCH)
        /// The API was used wrongly, e.g. the wrong number of parameters (`SQLITE_MISUSE`).
        public static let misuse = Code(rawValue: SQLITE_MISUSE)
        /// A parameter index was out of range (`SQLITE_RANGE`).
        public static let range = Code(rawValue: SQLITE_RANGE)

        /// The node is closed or crashed; reopen it first.
        public static let nodeClosed = Code(rawValue: 1000)
        /// The node already has open connections.
        public static let nodeAlreadyOpen = Code(rawValue: 1001)
        /// The database holds schema migrations this program does not know, or with different SQL.
        public static let migrationMismatch = Code(rawValue: 1002)
        /// A list of migrations is malformed (versions not strictly increasing from 1).
        public static let invalidMigrations = Code(rawValue: 1003)

        public var description: String {
            switch self {
            case .nodeClosed: return "node closed"
            case .nodeAlreadyOpen: return "node already open"
            case .migrationMismatch: return "migration mismatch"
            case .invalidMigrations: return "invalid migrations"
            default:
                guard rawValue < 1000, let text = sqlite3_errstr(rawValue) else { return "code \(rawValue)" }
                return "\(String(cString: text)) (\(rawValue))"
            }
        }
    }

    /// SQLite's extended result codes for the constraint kinds callers most often tell apart
    /// (the C macros are not imported into Swift).
    public enum ExtendedCode {
        public static let constraintCheck: Int32 = 275
        public static let constraintForeignKey: Int32 = 787
        public static let constraintNotNull: Int32 = 1299
        public static let constraintPrimaryKey: Int32 = 1555
        public static let constraintUnique: Int32 = 2067
    }

    /// True for a UNIQUE or PRIMARY KEY violation: the row (or key) already exists.
    public var isUniquenessViolation: Bool {
        extendedCode == ExtendedCode.constraintUnique || extendedCode == ExtendedCode.constraintPrimaryKey
    }
}
