/// A cell's identity across result files: its suite and full configuration, parameter order ignored.
public struct CellKey: Sendable, Hashable, CustomStringConvertible {
    public let suite: String
    /// The configuration in display order, as first seen.
    public let parameters: [CellParameter]
    /// The parameters sorted by name, which is what equality and hashing use.
    private let canonical: [CellParameter]

    public init(suite: String, parameters: [CellParameter]) {
        self.suite = suite
        self.parameters = parameters
        canonical = parameters.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    public static func == (lhs: CellKey, rhs: CellKey) -> Bool {
        lhs.suite == rhs.suite && lhs.canonical == rhs.canonical
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(suite)
        hasher.combine(canonical)
    }

    /// `impl=ring shards=4 clients=8`.
    public var configurationLabel: String {
        parameters.isEmpty ? "(no parameters)" : parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    /// `user: impl=ring shards=4`.
    public var description: String { "\(suite): \(configurationLabel)" }

    /// The value of parameter `name`, if the cell has it.
    public func value(of name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}
