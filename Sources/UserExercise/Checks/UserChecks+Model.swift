import ExerciseKit

extension UserChecks {
    static let matchesModel = Check<any UserService>(
        "matches-model",
        "random creates, updates, deletes and lookups on 5 colliding ids and emails: every answer and refusal matches the specification, and the whole state (users, free and taken emails) after each phase"
    ) { context in
        try await context.checkAgainstModel(plan(poolSize: 5, phaseCount: 4, stepsPerPhase: 40, instanceCount: 1))
    }

    static let statelessServiceTier = Check<any UserService>.statelessServiceTier {
        plan(poolSize: 5, phaseCount: 3, stepsPerPhase: 30, instanceCount: 2, requiresMessagesEveryOperation: true)
    }

    /// The model-based plan over one key pool.
    static func plan(
        poolSize: Int, phaseCount: Int, stepsPerPhase: Int, instanceCount: Int, requiresMessagesEveryOperation: Bool = false
    ) -> ModelCheckPlan<UserModel, any UserService> {
        let pool = UserKeyPool(round: 0, size: poolSize)
        return ModelCheckPlan(
            model: UserModel(), phaseCount: phaseCount, stepsPerPhase: stepsPerPhase,
            instanceCount: instanceCount, requiresMessagesEveryOperation: requiresMessagesEveryOperation,
            generate: { generator, state in pool.draw(&generator, in: state) },
            observe: { state in pool.observation(of: state) },
            execute: { service, operation in try await operation.run(on: service) }
        )
    }
}
