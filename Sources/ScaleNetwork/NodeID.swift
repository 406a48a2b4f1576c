import ScaleSupport
/// Identifies one endpoint of the simulated network: a node (`0, 1, 2, ...`) or a client.
///
/// Nodes are numbered from 0. Clients have negative raw values: `.client` is the default client and
/// `.client(i)` a distinct client (e.g. load-generator worker `i`) with its own random stream, so its
/// delays replay independently of other workers. For faults every client counts as `.client`: a
/// partition that lists `.client` cuts off all clients.
public struct NodeID: Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The node number (0, 1, ...), or a negative value for clients.
    public var rawValue: Int

    /// The node numbered `rawValue` (negative values are clients).
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public init(integerLiteral value: Int) { self.rawValue = value }

    /// The default client: the load generator or a router that is not itself a node.
    public static let client = NodeID(-1)

    /// A distinct client `index` (0 is `.client`), for per-worker random streams.
    public static func client(_ index: Int) -> NodeID { NodeID(-1 &- max(index, 0)) }

    /// Whether this endpoint is a client rather than a node.
    @inlinable public var isClient: Bool { rawValue < 0 }

    /// The identity faults are judged by: every client folds into `.client`.
    var faultIdentity: NodeID { rawValue < 0 ? NodeID(-1) : self }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// "n2" for node 2, "client" / "client3" for clients.
    public var description: String {
        if rawValue >= 0 { return "n\(rawValue)" }
        return rawValue == -1 ? "client" : "client\(-1 - rawValue)"
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: any CodingKey { NodeIDCodingKey(intValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let value = codingKey.intValue ?? Int(codingKey.stringValue) else { return nil }
        rawValue = value
    }
}

/// Dictionary key for `[NodeID: ...]` in JSON: the raw value as an integer key.
struct NodeIDCodingKey: CodingKey {
    var intValue: Int?
    var stringValue: String

    init(intValue: Int) {
        self.intValue = intValue
        stringValue = String(intValue)
    }

    init?(stringValue: String) {
        guard let value = Int(stringValue) else { return nil }
        self.init(intValue: value)
    }
}
