import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let linearizableUnderConcurrency = Check<any NotificationService>(
        "linearizable-under-concurrency",
        "4 clients race over jittery links, 8 rounds on 2 recipients (sends with repeated keys, pages, unread counts, mark-reads): some order of the calls, each within its own time span, explains every answer, unread counts included"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any NotificationService>.jitteryNetwork)
        let log = OperationLog<NotificationOperation, NotificationOutcome>()
        // Drawn without the state (the race decides it): mark-reads guess small ids.
        try await log.recordConcurrentRounds(
            context, rounds: 8, clients: 4, operationsPerClient: 15,
            draw: { round, generator in NotificationKeyPool(round: round, size: 2).draw(&generator, in: NotificationModel.State()) },
            observation: { round in NotificationKeyPool(round: round, size: 2).observation },
            run: { operation in try await operation.run(on: service) }
        )
        try context.requireLinearizable(log, model: NotificationModel())
    }
}
