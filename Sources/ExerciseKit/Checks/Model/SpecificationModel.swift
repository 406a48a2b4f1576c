/// An executable specification of a service: its state and what each operation does to it.
///
/// Checks run the service and the model side by side. A sequential run compares every answer with
/// the model's; a concurrent run asks whether some order of the operations, each taking effect
/// between its invocation and its completion, explains every answer (linearizability, as in
/// Knossos and porcupine).
public protocol SpecificationModel: Sendable {
    associatedtype State: Hashable & Sendable & CustomStringConvertible
    associatedtype Input: Sendable & Hashable & CustomStringConvertible
    associatedtype Output: Sendable & Hashable & CustomStringConvertible

    /// The state before any operation.
    var initialState: State { get }

    /// The specification's answer to `input` in `state`, and the state after it.
    func apply(_ input: Input, to state: State) -> (output: Output, state: State)

    /// Every state the service may be in after answering `observed` to `input` in `state`: empty when
    /// the specification does not allow that answer. Override where the specification leaves a choice
    /// (two applicable refusals, a retryable conflict); the default accepts exactly `apply`'s answer.
    func accept(_ input: Input, observed: Output, in state: State) -> [State]

    /// The keys `input` reads or writes; operations that share no key (directly or through others)
    /// are checked separately, which keeps the search small.
    func keys(of input: Input) -> [String]

    /// `state` reduced to what the operations on `keys` can see (the default keeps it whole).
    func restrict(_ state: State, to keys: Set<String>) -> State

    /// The ordered steps one finished operation takes effect in, each somewhere within its time
    /// span (the default: one step, the operation itself). A service whose write touches two
    /// shards (a reservation, then a row) is specified as such steps; each must still be placed.
    func expand(_ operation: TimedOperation<Input, Output>) -> [TimedOperation<Input, Output>]
}

extension SpecificationModel {
    public func accept(_ input: Input, observed: Output, in state: State) -> [State] {
        let (expected, next) = apply(input, to: state)
        return expected == observed ? [next] : []
    }

    public func restrict(_ state: State, to keys: Set<String>) -> State { state }

    public func expand(_ operation: TimedOperation<Input, Output>) -> [TimedOperation<Input, Output>] { [operation] }
}

/// One finished operation of a concurrent history: who ran it, what it asked, what came back, and when.
public struct TimedOperation<Input: Sendable & Hashable, Output: Sendable & Hashable>: Sendable, Hashable {
    /// Unique within its history (the order it was recorded in): names the operation's steps.
    public var sequence: Int
    /// The client (process) that ran it; one client runs one operation at a time.
    public var client: Int
    public var input: Input
    public var output: Output
    /// Nanoseconds since the history started.
    public var invokedAtNanos: UInt64
    public var completedAtNanos: UInt64

    public init(sequence: Int = 0, client: Int, input: Input, output: Output, invokedAtNanos: UInt64, completedAtNanos: UInt64) {
        self.sequence = sequence
        self.client = client
        self.input = input
        self.output = output
        self.invokedAtNanos = invokedAtNanos
        self.completedAtNanos = completedAtNanos
    }
}

extension TimedOperation: CustomStringConvertible where Input: CustomStringConvertible, Output: CustomStringConvertible {
    public var description: String { "\(input) → \(output)" }

    /// The operation as a history line, for a failure's evidence.
    public var event: HistoryEvent {
        HistoryEvent(
            client: client, operation: "\(input)", arguments: "", outcome: "\(output)",
            invokedAtNanos: invokedAtNanos, completedAtNanos: completedAtNanos
        )
    }
}
