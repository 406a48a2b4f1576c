extension Check {
    /// The stateless-tier rule every exercise checks: a second service instance over the same
    /// cluster (a restarted app server) sees and changes everything the first wrote, and every
    /// operation reaches the cluster's nodes over its network. `plan` runs two instances with
    /// `requiresMessagesEveryOperation`; `alsoSeen` names state worth calling out (", holds included").
    public static func statelessServiceTier<Model: SpecificationModel>(
        alsoSeen: String = "", _ plan: @escaping @Sendable () -> ModelCheckPlan<Model, Service>
    ) -> Check {
        Check(
            "stateless-service-tier",
            "a second service instance over the same cluster (a restarted app server) sees and changes everything the first wrote\(alsoSeen); every operation reaches the cluster's nodes over its network"
        ) { context in
            try await context.checkAgainstModel(plan())
        }
    }
}
