import ScaleCore

extension OperationLog {
    /// Records `rounds` rounds of `clients` concurrent clients: in each round every client draws
    /// `operationsPerClient` operations from its own seeded stream of `context` and runs them one
    /// after another; then client 0 runs the round's `observation` alone (reads that reveal what the
    /// race left behind). Every call lands in this log with its time span.
    public func recordConcurrentRounds<Service: Sendable>(
        _ context: CheckContext<Service>, rounds: Int, clients: Int, operationsPerClient: Int,
        draw: @escaping @Sendable (_ round: Int, inout SeededGenerator) -> Input,
        observation: (_ round: Int) -> [Input],
        run: @escaping @Sendable (Input) async throws -> Output
    ) async throws {
        for round in 0..<rounds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var generator = context.generator(stream: round * 16 + client + 1)
                        for _ in 0..<operationsPerClient {
                            let operation = draw(round, &generator)
                            try await self.record(client: client, operation) { try await run(operation) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            for operation in observation(round) {
                try await record(client: 0, operation) { try await run(operation) }
            }
        }
    }
}
