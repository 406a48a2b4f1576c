import ScaleSupport
/// One SQLite value of any storage class, for code that handles columns it does not know in
/// advance (the shard mover's row copier, generic dumps). Typed code binds and reads Swift
/// types directly instead.
public enum SQLValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "'\(value)'"
        case .blob(let bytes): return "blob(\(bytes.count) bytes)"
        case .null: return "NULL"
        }
    }
}
