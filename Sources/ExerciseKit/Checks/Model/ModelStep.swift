/// One operation of a model-based sequence: which service instance runs it, and what it asks.
public struct ModelStep<Input: Sendable & Hashable & CustomStringConvertible>: Sendable, Hashable, CustomStringConvertible {
    /// 0 is the first service instance; 1 a second one over the same cluster (a restarted app server).
    public var instance: Int
    public var input: Input

    public init(instance: Int = 0, _ input: Input) {
        self.instance = instance
        self.input = input
    }

    public var description: String { instance == 0 ? "\(input)" : "[instance \(instance)] \(input)" }
}

/// The first answer of a sequential run that the specification does not allow.
public struct ModelMismatch<Model: SpecificationModel>: Sendable {
    /// Position of the offending step in the sequence that was run.
    public var stepIndex: Int
    public var step: ModelStep<Model.Input>
    public var observed: Model.Output
    /// The specification's answer in the state the service should have been in.
    public var expected: Model.Output
    /// That state.
    public var stateBefore: String
}
