import ScaleCore

extension CheckContext {
    /// Runs `plan`'s seeded sequence on a fresh cluster and requires every answer to be one the
    /// specification allows. A failing sequence is shrunk, on fresh clusters, to a short one that
    /// still fails; the failure shows it with the specification's answer beside the service's.
    public func checkAgainstModel<Model: SpecificationModel>(_ plan: ModelCheckPlan<Model, Service>) async throws {
        var generator = generator(stream: 0)
        let steps = plan.steps(generator: &generator)
        let first = try await runOnFreshCluster(steps, plan)
        guard let mismatch = first.mismatch else {
            if plan.requiresMessagesEveryOperation, let silent = first.messageCounts.firstIndex(of: 0) {
                throw CheckFailure("""
                    step \(silent + 1) of \(steps.count), \(steps[silent]) (the last line below, after the steps that led to it), \
                    sent no message on the cluster's network: keep the data in the cluster's nodes and reach them through \
                    cluster.read, write or scatter, not in the service's memory (a stateless service tier). An answer that depends \
                    on stored data (an unknown id, a refusal by state) must come from the cluster; only checks of the request's \
                    own shape (an empty list, a bad TTL) may answer without a call
                    """, evidence: first.events(Array(steps[...silent]), mismatch: nil).suffix(CheckRunner.historyTailCount))
            }
            return
        }
        let failing = Array(steps[...mismatch.stepIndex])
        let shrunk = try await ModelSequence.shrink(failing) { candidate in
            try await runOnFreshCluster(candidate, plan).mismatch != nil
        }
        // Shrinking only keeps failing candidates, so the last run fails too; fall back to the first if not.
        let final = try await runOnFreshCluster(shrunk, plan)
        let (shown, run) = final.mismatch != nil ? (shrunk, final) : (failing, first)
        throw failure(shown, run, originalCount: steps.count)
    }

    private func failure<Model: SpecificationModel>(
        _ steps: [ModelStep<Model.Input>], _ run: SequenceRun<Model>, originalCount: Int
    ) -> CheckFailure {
        guard let mismatch = run.mismatch else { return CheckFailure("the sequence failed once but not again") }
        let instanceNote = Set(steps.map(\.instance)).count < 2 ? "" :
            " — the steps run on two service instances over the same cluster ([instance 1] marks the second): each must see everything the other wrote (a stateless service tier)"
        let reason = """
            step \(mismatch.stepIndex + 1) of \(steps.count) (shrunk from \(originalCount) seeded steps): \(mismatch.step.input) returned \
            \(mismatch.observed); the specification answers \(mismatch.expected)\(instanceNote). State before it: \(mismatch.stateBefore)
            """
        return CheckFailure(reason, evidence: run.events(steps, mismatch: mismatch))
    }

    /// Runs `steps` on a cluster of their own, built for the run and shut down after it.
    private func runOnFreshCluster<Model: SpecificationModel>(
        _ steps: [ModelStep<Model.Input>], _ plan: ModelCheckPlan<Model, Service>
    ) async throws -> SequenceRun<Model> {
        try await withCluster { cluster in try await run(steps, plan, on: cluster) }
    }

    private func run<Model: SpecificationModel>(
        _ steps: [ModelStep<Model.Input>], _ plan: ModelCheckPlan<Model, Service>, on cluster: Cluster
    ) async throws -> SequenceRun<Model> {
        plan.beginRun?()
        var instances: [Service] = []
        var spans: [(invoked: UInt64, completed: UInt64)] = []
        var messageCounts: [UInt64] = []
        let startNanos = MonotonicClock.nowNanos()
        let (outputs, mismatch) = try await ModelSequence.run(steps, model: plan.model) { step in
            // A second instance joins when first used: state it should see was written before it existed.
            while instances.count <= step.instance { instances.append(try await makeService(on: cluster)) }
            let messagesBefore = cluster.network.counters.snapshot().messages
            let invoked = MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())
            let output = try await plan.execute(instances[step.instance], step.input)
            spans.append((invoked, MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())))
            messageCounts.append(cluster.network.counters.snapshot().messages &- messagesBefore)
            return output
        }
        return SequenceRun(outputs: outputs, mismatch: mismatch, spans: spans, messageCounts: messageCounts)
    }
}

/// What one sequential run produced: the answers up to the first mismatch, when each ran, and the
/// messages each sent.
struct SequenceRun<Model: SpecificationModel> {
    var outputs: [Model.Output]
    var mismatch: ModelMismatch<Model>?
    var spans: [(invoked: UInt64, completed: UInt64)]
    var messageCounts: [UInt64]

    /// The run as history lines (client = service instance), the mismatch beside the specification's answer.
    func events(_ steps: [ModelStep<Model.Input>], mismatch: ModelMismatch<Model>?) -> [HistoryEvent] {
        zip(steps.indices, steps).map { index, step in
            let outcome = index == mismatch?.stepIndex
                ? "\(mismatch!.observed)   ✗ specification: \(mismatch!.expected)"
                : index < outputs.count ? "\(outputs[index])" : "…"
            return HistoryEvent(
                client: 0, operation: "\(step)", arguments: "", outcome: outcome,
                invokedAtNanos: spans[safe: index]?.invoked ?? 0, completedAtNanos: spans[safe: index]?.completed
            )
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
