extension CheckContext {
    /// Requires the whole concurrent history in `log` to be linearizable against `model`, from
    /// `initialState` (the model's own by default). A violation shows the operations on the keys
    /// involved; a search past its budget fails as undecided, with a hint, never as a pass.
    public func requireLinearizable<Model: SpecificationModel>(
        _ log: OperationLog<Model.Input, Model.Output>, model: Model, from initialState: Model.State? = nil, stepBudget: Int = 1_000_000
    ) throws {
        try require(!log.isFull, "the check recorded more than \(log.capacity) operations; its history is incomplete (a check bug)")
        switch LinearizabilityChecker(model: model, stepBudget: stepBudget).check(log.snapshot, from: initialState) {
        case .linearizable:
            return
        case .violation(let violation):
            throw CheckFailure(violation.reason, evidence: violation.evidence())
        case .undecided(let reason):
            throw Undecided("could not decide linearizability: \(reason); rerun with another --seed")
        }
    }
}

/// A whole-history check that ran out of search budget: neither a pass nor a proven bug.
public struct Undecided: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
