/// One way to solve an exercise: the learner's stub (`mine`) or a reference design.
public struct Implementation<Service: Sendable>: Sendable {
    /// Name on the command line: `mine`, `reference`, `hash-mod`, `global-index`, ...
    public var name: String
    /// One line: the design.
    public var summary: String
    /// Builds the service on a cluster the harness prepared.
    public var make: @Sendable (Cluster) async throws -> Service
    /// Refuses a cluster this design cannot run on (e.g. a cached design without cache nodes)
    /// before anything starts; throw an `ExerciseError` that names the fix.
    public var validateCluster: (@Sendable (ClusterConfiguration) throws -> Void)?

    public init(
        _ name: String, _ summary: String,
        validateCluster: (@Sendable (ClusterConfiguration) throws -> Void)? = nil,
        make: @escaping @Sendable (Cluster) async throws -> Service
    ) {
        self.name = name
        self.summary = summary
        self.validateCluster = validateCluster
        self.make = make
    }
}
