import LoadGenerator

/// One parameter of a cell's configuration, e.g. `shards` = `4`.
public struct CellParameter: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One measured sweep cell: its full configuration and what the run measured.
public struct ResultCell: Sendable, Hashable, Codable {
    /// The configuration in display order (`impl`, `shards`, `clients`, ...); cells match across
    /// files when they have the same parameters, in any order.
    public var parameters: [CellParameter]
    /// Which repetition of this configuration, when the suite repeats cells (0, 1, 2, ...).
    public var repetition: Int?
    public var result: RunResult

    public init(parameters: [CellParameter], repetition: Int? = nil, result: RunResult) {
        self.parameters = parameters
        self.repetition = repetition
        self.result = result
    }

    /// A cell from `(name, value)` pairs.
    public init(configuration: [(String, String)], repetition: Int? = nil, result: RunResult) {
        self.init(parameters: configuration.map { CellParameter($0.0, $0.1) }, repetition: repetition, result: result)
    }
}
