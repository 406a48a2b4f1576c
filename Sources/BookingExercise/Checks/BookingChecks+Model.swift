import ExerciseKit

extension BookingChecks {
    static let matchesModel = Check<any BookingService>(
        "matches-model",
        "random holds (bad ones too), confirms (replayed, tampered, unknown), cancels, trips, availability and bookings on 2 tiny events and 3 users: every answer and refusal matches the specification, and the whole state after each phase"
    ) { context in
        try await context.checkAgainstModel(plan(phaseCount: 4, stepsPerPhase: 40, instanceCount: 1))
    }

    static let statelessServiceTier = Check<any BookingService>.statelessServiceTier(alsoSeen: ", holds included") {
        plan(phaseCount: 3, stepsPerPhase: 30, instanceCount: 2, requiresMessagesEveryOperation: true)
    }

    /// The model-based plan over the pool's events; labels name holds and bookings across instances.
    static func plan(
        phaseCount: Int, stepsPerPhase: Int, instanceCount: Int, requiresMessagesEveryOperation: Bool = false
    ) -> ModelCheckPlan<BookingModel, any BookingService> {
        let labels = BookingLabels()
        var plan = ModelCheckPlan(
            model: BookingModel(), phaseCount: phaseCount, stepsPerPhase: stepsPerPhase,
            instanceCount: instanceCount, requiresMessagesEveryOperation: requiresMessagesEveryOperation,
            generate: { generator, state in BookingPool.draw(&generator, in: state, badInput: !requiresMessagesEveryOperation) },
            observe: { _ in BookingPool.observation },
            execute: { service, operation in try await operation.run(on: service, labels: labels) }
        )
        plan.beginRun = { labels.reset() }
        return plan
    }
}
