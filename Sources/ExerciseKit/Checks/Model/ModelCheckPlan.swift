import ScaleCore

/// A model-based check of one exercise: how to draw operations, how to reveal the whole state,
/// and how to run one operation on the service. `CheckContext.checkAgainstModel` runs it.
public struct ModelCheckPlan<Model: SpecificationModel, Service: Sendable>: Sendable {
    public var model: Model
    /// The next operation to try in `state`; draws only from the generator, so the seed replays it.
    public var generate: @Sendable (inout SeededGenerator, Model.State) -> Model.Input
    /// Operations whose answers reveal all of `state`: reads of every key, and probes (a create
    /// with a taken email must be refused, with a free one must succeed) for what reads cannot see.
    public var observe: @Sendable (Model.State) -> [Model.Input]
    /// Runs `input` on `service`, mapping results and refusals to outputs; only `Unimplemented` escapes.
    public var execute: @Sendable (Service, Model.Input) async throws -> Model.Output
    /// Phases of random operations, each followed by a whole-state observation.
    public var phaseCount: Int
    public var stepsPerPhase: Int
    /// With 2, every phase after the first runs each step on either of two instances over the
    /// same cluster, and observations alternate between them, the second instance first: a stateless service tier.
    public var instanceCount: Int
    /// Requires every operation to send at least one message on the cluster's network: the data
    /// lives in the nodes, not in the service's memory, and is not read around the network.
    public var requiresMessagesEveryOperation: Bool
    /// Called before each run of a sequence (the first, and every one while shrinking, each on a
    /// fresh cluster): clears what `execute` remembers of earlier answers, e.g. the ids a service
    /// handed out, which mean nothing on the next fresh cluster.
    public var beginRun: (@Sendable () -> Void)?

    public init(
        model: Model,
        phaseCount: Int = 4,
        stepsPerPhase: Int = 40,
        instanceCount: Int = 1,
        requiresMessagesEveryOperation: Bool = false,
        generate: @escaping @Sendable (inout SeededGenerator, Model.State) -> Model.Input,
        observe: @escaping @Sendable (Model.State) -> [Model.Input],
        execute: @escaping @Sendable (Service, Model.Input) async throws -> Model.Output
    ) {
        self.model = model
        self.phaseCount = phaseCount
        self.stepsPerPhase = stepsPerPhase
        self.instanceCount = instanceCount
        self.requiresMessagesEveryOperation = requiresMessagesEveryOperation
        self.generate = generate
        self.observe = observe
        self.execute = execute
    }

    /// The seeded sequence: phases of drawn operations, each followed by an observation.
    public func steps(generator: inout SeededGenerator) -> [ModelStep<Model.Input>] {
        var state = model.initialState
        var steps: [ModelStep<Model.Input>] = []
        for phase in 0..<phaseCount {
            for _ in 0..<stepsPerPhase {
                let input = generate(&generator, state)
                let instance = phase == 0 || instanceCount == 1 ? 0 : Int(generator.next() % UInt64(instanceCount))
                steps.append(ModelStep(instance: instance, input))
                state = model.apply(input, to: state).state
            }
            for input in observe(state) {
                steps.append(ModelStep(instance: (phase + 1) % instanceCount, input))
                state = model.apply(input, to: state).state
            }
        }
        return steps
    }
}
