import ExerciseKit

extension NotificationChecks {
    static let matchesModel = Check<any NotificationService>(
        "matches-model",
        "random sends (repeated keys, empty payloads), pages, unread counts and mark-reads on 3 recipients: every answer and refusal matches the specification, and every inbox whole after each phase"
    ) { context in
        try await context.checkAgainstModel(plan(poolSize: 3, phaseCount: 4, stepsPerPhase: 40, instanceCount: 1))
    }

    static let statelessServiceTier = Check<any NotificationService>.statelessServiceTier {
        plan(poolSize: 3, phaseCount: 3, stepsPerPhase: 30, instanceCount: 2, requiresMessagesEveryOperation: true)
    }

    /// The model-based plan over one key pool.
    static func plan(
        poolSize: Int, phaseCount: Int, stepsPerPhase: Int, instanceCount: Int, requiresMessagesEveryOperation: Bool = false
    ) -> ModelCheckPlan<NotificationModel, any NotificationService> {
        var drawn = NotificationKeyPool(round: 0, size: poolSize)
        // Refused input may be answered without a message; the stateless-tier rule counts messages.
        drawn.drawsBadInput = !requiresMessagesEveryOperation
        let pool = drawn
        return ModelCheckPlan(
            model: NotificationModel(), phaseCount: phaseCount, stepsPerPhase: stepsPerPhase,
            instanceCount: instanceCount, requiresMessagesEveryOperation: requiresMessagesEveryOperation,
            generate: { generator, state in pool.draw(&generator, in: state) },
            observe: { _ in pool.observation },
            execute: { service, operation in try await operation.run(on: service) }
        )
    }
}
