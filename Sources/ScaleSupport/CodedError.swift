/// A stable name for one kind of failure: what callers match on and reports count by. `Domain`
/// keeps each error type's codes apart (a cache code is not a queue code).
public struct ErrorCode<Domain>: Sendable, Hashable, CustomStringConvertible {
    private let name: String

    /// The code called `name`; each error type declares its codes as static members.
    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

/// The shape the core's errors share: a stable code plus a one-line message for people, printed
/// as `Type.code: message`.
public protocol CodedError: Error, Sendable, Hashable, CustomStringConvertible {
    associatedtype Code: Sendable & Hashable & CustomStringConvertible
    /// The kind of failure.
    var code: Code { get }
    /// What happened, with the values involved.
    var message: String { get }
}

extension CodedError {
    public var description: String { "\(Self.self).\(code): \(message)" }
}
