import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let linearizableUnderConcurrency = Check<any NotificationService>(
        "linearizable-under-concurrency",
        "4 clients race over jittery links, 8 rounds on 2 recipients (sends with repeated keys, pages, unread counts, mark-reads): some order of the calls, each within its own time span, explains every answer, unread counts included"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any NotificationService>.jitteryNetwork)
        let log = OperationLog<NotificationOperation, NotificationOutcome>()
        for round in 0..<8 {
            let pool = NotificationKeyPool(round: round, size: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var generator = context.generator(stream: round * 16 + client + 1)
                        for _ in 0..<15 {
                            // Drawn without the state (the race decides it): mark-reads guess small ids.
                            let operation = pool.draw(&generator, in: NotificationModel.State())
                            try await log.record(client: client, operation) { try await operation.run(on: service) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            for operation in pool.observation {
                try await log.record(client: 0, operation) { try await operation.run(on: service) }
            }
        }
        try context.requireLinearizable(log, model: NotificationModel())
    }
}
