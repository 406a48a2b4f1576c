extension Array where Element: Sendable {
    /// Runs `body` on every element, at most `limit` at once; the first error cancels the rest.
    func forEach(inFlight limit: Int, _ body: @escaping @Sendable (Element) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, element) in enumerated() {
                if index >= limit { try await group.next() }
                group.addTask { try await body(element) }
            }
            try await group.waitForAll()
        }
    }
}
