/// Thrown by a check when the design under test does not offer what the check examines
/// (e.g. a single node cannot add shards). Reported as "n/a", neither pass nor failure.
public struct NotApplicable: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
