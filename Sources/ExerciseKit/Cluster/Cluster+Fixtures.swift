/// An exercise's own objects that live with a cluster and outlast any service instance: the
/// world outside the design (a push provider's record of what each device showed) that checks
/// and scenarios inspect. Set them in `ExerciseDefinition.setUpCluster`.
extension Cluster {
    /// Keeps `fixture` under `name` for the cluster's lifetime; a name is set once.
    public func setFixture(_ fixture: any Sendable, named name: String) throws {
        try components.withLock { components in
            guard components.fixtures[name] == nil else {
                throw ClusterError("this cluster already has a fixture named '\(name)'; set it once, in the exercise's setUpCluster")
            }
            components.fixtures[name] = fixture
        }
    }

    /// The fixture named `name`, of type `T`.
    public func fixture<T: Sendable>(named name: String, as _: T.Type = T.self) throws -> T {
        guard let found = components.withLock({ $0.fixtures[name] }) else {
            throw ClusterError("this cluster has no fixture named '\(name)'; the exercise's setUpCluster sets it")
        }
        guard let fixture = found as? T else { throw ClusterError("fixture '\(name)' is \(type(of: found)), not \(T.self)") }
        return fixture
    }
}
