import ScaleCore

/// A check's verdict on an implementation: the property it proves was violated.
public struct CheckFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one or two sentences.
    public var reason: String
    /// The events that prove it; empty means "show the recorder's history".
    public var evidence: [HistoryEvent]

    public init(_ reason: String, evidence: [HistoryEvent] = []) {
        self.reason = reason
        self.evidence = evidence
    }

    public var description: String { reason }
}

/// A named property an implementation must have, with the explanation shown when it does not.
public struct Check<Service: Sendable>: Sendable {
    /// Kebab-case name shown by `scalebench check`, e.g. `duplicate-email-refused`.
    public var name: String
    /// One line: the property being checked.
    public var summary: String
    public var run: @Sendable (CheckContext<Service>) async throws -> Void

    public init(_ name: String, _ summary: String, run: @escaping @Sendable (CheckContext<Service>) async throws -> Void) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}
