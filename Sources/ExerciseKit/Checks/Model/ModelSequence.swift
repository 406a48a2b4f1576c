/// Sequential model-based checking: run a sequence of operations against the service and the
/// specification side by side, and shrink a failing sequence to a small one that still fails
/// (delta debugging, as QuickCheck's shrinking does for lists).
public enum ModelSequence {
    /// Runs `steps` through `execute` and stops at the first answer the model does not allow.
    public static func run<Model: SpecificationModel>(
        _ steps: [ModelStep<Model.Input>],
        model: Model,
        from initialState: Model.State? = nil,
        execute: (ModelStep<Model.Input>) async throws -> Model.Output
    ) async throws -> (outputs: [Model.Output], mismatch: ModelMismatch<Model>?) {
        var states: [Model.State] = [initialState ?? model.initialState]
        var outputs: [Model.Output] = []
        for (index, step) in steps.enumerated() {
            let observed = try await execute(step)
            outputs.append(observed)
            var next: [Model.State] = []
            for state in states { next += model.accept(step.input, observed: observed, in: state) }
            guard !next.isEmpty else {
                let state = states[0]
                return (outputs, ModelMismatch(
                    stepIndex: index, step: step, observed: observed,
                    expected: model.apply(step.input, to: state).output, stateBefore: "\(state)"
                ))
            }
            states = Array(Set(next))
        }
        return (outputs, nil)
    }

    /// A shorter sequence for which `fails` still holds: first everything after the first failure
    /// is dropped by the caller, then chunks of halving size are removed while it keeps failing.
    /// At most `attemptLimit` replays.
    public static func shrink<Step: Sendable>(
        _ steps: [Step], attemptLimit: Int = 150, fails: ([Step]) async throws -> Bool
    ) async rethrows -> [Step] {
        var current = steps
        var chunk = max(1, current.count / 2)
        var attempts = 0
        while attempts < attemptLimit {
            var removedAny = false
            var start = 0
            while start < current.count, attempts < attemptLimit {
                var candidate = current
                candidate.removeSubrange(start..<min(start + chunk, current.count))
                attempts += 1
                if !candidate.isEmpty, try await fails(candidate) {
                    current = candidate
                    removedAny = true
                } else {
                    start += chunk
                }
            }
            if !removedAny {
                if chunk == 1 { break }
                chunk = max(1, chunk / 2)
            }
        }
        return current
    }
}
