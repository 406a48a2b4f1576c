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

/// What a check gets to work with: a fresh service, a seeded generator and a history recorder.
public struct CheckContext<Service: Sendable>: Sendable {
    /// The seed that replays this check.
    public let seed: UInt64
    public let history: HistoryRecorder
    /// Builds a fresh instance of the implementation under test on its own fresh cluster.
    public let makeService: @Sendable () async throws -> Service

    public init(seed: UInt64, history: HistoryRecorder, makeService: @escaping @Sendable () async throws -> Service) {
        self.seed = seed
        self.history = history
        self.makeService = makeService
    }

    /// A generator for stream `stream` of this check's seed.
    public func generator(stream: Int = 0) -> SeededGenerator { SeededGenerator(seed: seed, stream: stream) }

    /// Fails the check with `reason` unless `condition` holds.
    public func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw CheckFailure(reason()) }
    }
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
