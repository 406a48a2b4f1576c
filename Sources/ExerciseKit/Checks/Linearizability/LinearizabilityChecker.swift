/// Decides whether a concurrent history is linearizable against a `SpecificationModel`: whether
/// some order of the operations, each taking effect between its invocation and its completion,
/// gives every answer the model allows. The Wing–Gong–Lowe search with a cache of visited
/// (linearized set, state) pairs, as porcupine implements it; a nondeterministic model is searched
/// over sets of states. Operations are split into groups that share no key first.
public struct LinearizabilityChecker<Model: SpecificationModel>: Sendable {
    public typealias Operation = TimedOperation<Model.Input, Model.Output>

    public let model: Model
    /// Search steps allowed per group before the verdict is "could not decide".
    public let stepBudget: Int

    public init(model: Model, stepBudget: Int = 1_000_000) {
        self.model = model
        self.stepBudget = stepBudget
    }

    /// The verdict on `history`, starting from `initialState` (the model's own by default).
    public func check(_ history: [Operation], from initialState: Model.State? = nil) -> LinearizabilityVerdict<Model> {
        let start = initialState ?? model.initialState
        // Each operation's steps, with the step each must follow (the previous one of the same operation).
        var steps: [Operation] = []
        var follows: [Int?] = []
        for operation in history {
            for (index, step) in model.expand(operation).enumerated() {
                follows.append(index == 0 ? nil : steps.count - 1)
                steps.append(step)
            }
        }
        let groups = KeyPartition.groups(steps.map { model.keys(of: $0.input) })
        var undecided: [String] = []
        for group in groups {
            let operations = group.map { steps[$0] }
            let position = Dictionary(uniqueKeysWithValues: group.enumerated().map { ($1, $0) })
            let predecessors = group.map { follows[$0].flatMap { position[$0] } }
            let keys = Set(operations.flatMap { model.keys(of: $0.input) })
            switch search(operations, predecessors: predecessors, from: model.restrict(start, to: keys), keys: keys) {
            case .linearizable: continue
            case .violation(let violation): return .violation(violation)
            case .undecided(let reason): undecided.append(reason)
            }
        }
        if let first = undecided.first { return .undecided(reason: first) }
        return .linearizable
    }

    private func search(
        _ operations: [Operation], predecessors: [Int?], from start: Model.State, keys: Set<String>
    ) -> LinearizabilityVerdict<Model> {
        var list = EntryList(operations)
        var states: Set<Model.State> = [start]
        var linearized = BitSet(count: operations.count)
        var calls: [(entry: Int, states: Set<Model.State>)] = []
        var visited = Set<VisitedKey>()
        var deepest = Deepest()
        var steps = 0
        var entry = list.first
        while let current = entry {
            steps += 1
            if steps > stepBudget {
                return .undecided(reason: "the history of \(operations.count) operations on \(keys.sorted().prefix(4).joined(separator: ", ")) needs more than \(stepBudget) search steps")
            }
            let operationIndex = list.operationIndex(of: current)
            if list.isCall(current) {
                // A step is placed only after the step of its operation that precedes it.
                if let predecessor = predecessors[operationIndex], !linearized.contains(predecessor) {
                    entry = list.next(of: current)
                    continue
                }
                let operation = operations[operationIndex]
                var next = Set<Model.State>()
                for state in states {
                    next.formUnion(model.accept(operation.input, observed: operation.output, in: state))
                }
                if !next.isEmpty {
                    var bits = linearized
                    bits.insert(operationIndex)
                    if visited.insert(VisitedKey(bits: bits, states: next)).inserted {
                        calls.append((current, states))
                        states = next
                        linearized = bits
                        list.lift(current)
                        if calls.count > deepest.order.count {
                            deepest = Deepest(order: calls.map { list.operationIndex(of: $0.entry) }, states: states, blocked: nil)
                        }
                        entry = list.first
                        continue
                    }
                }
                entry = list.next(of: current)
            } else {
                // A completion whose operation is not placed yet: undo the last choice.
                if calls.count == deepest.order.count, deepest.blocked == nil { deepest.blocked = operationIndex }
                guard let (call, previous) = calls.popLast() else {
                    return .violation(violation(operations, deepest: deepest, keys: keys))
                }
                linearized.remove(list.operationIndex(of: call))
                states = previous
                list.unlift(call)
                entry = list.next(of: call)
            }
        }
        return .linearizable
    }

    private func violation(_ operations: [Operation], deepest: Deepest, keys: Set<String>) -> LinearizabilityViolation<Model> {
        let blockedIndex = deepest.blocked ?? operations.indices.first { !deepest.order.contains($0) } ?? 0
        let blocked = operations[blockedIndex]
        let state = deepest.states.first ?? model.initialState
        return LinearizabilityViolation(
            keys: keys.sorted(),
            operations: operations.sorted { ($0.invokedAtNanos, $0.client) < ($1.invokedAtNanos, $1.client) },
            longestExplainedOrder: deepest.order.map { operations[$0] },
            stateAfterLongestOrder: "\(state)",
            blocked: blocked,
            modelAnswer: model.apply(blocked.input, to: state).output
        )
    }

    /// The longest order the search explained, and the first operation it could not place after it.
    private struct Deepest {
        var order: [Int] = []
        var states: Set<Model.State> = []
        var blocked: Int?
    }

    private struct VisitedKey: Hashable {
        var bits: BitSet
        var states: Set<Model.State>
    }
}

/// The outcome of a linearizability check.
public enum LinearizabilityVerdict<Model: SpecificationModel>: Sendable {
    case linearizable
    /// No order explains the history; the violation says which operation could not be placed.
    case violation(LinearizabilityViolation<Model>)
    /// The search ran out of its step budget: neither proven nor refuted.
    case undecided(reason: String)
}

/// Why a history is not linearizable, in terms a reader can follow.
public struct LinearizabilityViolation<Model: SpecificationModel>: Sendable {
    public typealias Operation = TimedOperation<Model.Input, Model.Output>
    /// The keys of the group of operations that has no explaining order.
    public var keys: [String]
    /// Every operation of that group, by invocation time.
    public var operations: [Operation]
    /// The longest order of operations the model could explain.
    public var longestExplainedOrder: [Operation]
    /// The model's state after that order.
    public var stateAfterLongestOrder: String
    /// The operation no order could place next.
    public var blocked: Operation
    /// What the model answers to the blocked operation in that state.
    public var modelAnswer: Model.Output

    /// One sentence: which answer no order explains.
    public var reason: String {
        "no order of the concurrent operations explains \(blocked.input) → \(blocked.output) by client \(blocked.client): after the longest explainable order (\(longestExplainedOrder.count) of \(operations.count) operations on \(keys.prefix(6).joined(separator: ", "))) the specification answers \(modelAnswer); state then: \(stateAfterLongestOrder)"
    }

    /// The operations that prove it: the end of the explained order, then every operation that
    /// overlapped the blocked one, by invocation time.
    public func evidence(limit: Int = 24) -> [HistoryEvent] {
        let overlapping = operations.filter {
            $0.invokedAtNanos <= blocked.completedAtNanos && $0.completedAtNanos >= blocked.invokedAtNanos
        }
        let tail = longestExplainedOrder.suffix(max(4, limit - overlapping.count))
        var seen = Set<Operation>()
        var chosen = (Array(tail) + overlapping).filter { seen.insert($0).inserted }.sorted { ($0.invokedAtNanos, $0.client) < ($1.invokedAtNanos, $1.client) }
        chosen = Array(chosen.suffix(limit))
        // A step is shown with every step of its call, so no line stands without the call it belongs to.
        let calls = Set(chosen.map(\.sequence))
        let whole = operations.filter { calls.contains($0.sequence) }
        return whole.sorted { ($0.invokedAtNanos, $0.client, $0.sequence) < ($1.invokedAtNanos, $1.client, $1.sequence) }.map(\.event)
    }
}
