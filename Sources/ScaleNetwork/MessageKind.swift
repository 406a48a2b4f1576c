import ScaleSupport
/// The kind of a message ("get", "replicate", ...), counted separately in `NetworkCounters`.
///
/// Kinds are interned process-wide into small indices so counting one is an array increment.
/// Declare each kind once, `extension MessageKind { static let get = MessageKind("get") }`:
/// creating a kind from a string takes a lock, using a declared one costs nothing.
/// At most `MessageKind.capacity - 1` distinct names are kept; later names share the kind "other".
public struct MessageKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Index into per-kind counter tables, `0..<MessageKind.capacity`.
    public let index: Int

    /// Distinct kinds a process can count separately (the last slot is "other").
    public static let capacity = 256

    /// The kind named `name`, registered on first use.
    public init(_ name: String) {
        index = MessageKindRegistry.shared.withLock { $0.index(of: name) }
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The kind's name as it was registered.
    public var name: String { MessageKindRegistry.shared.withLock { $0.names[index] } }

    public var description: String { name }

    /// Messages sent without naming a kind.
    public static let unnamed = MessageKind("message")
}

/// Name ↔ index table behind `MessageKind`; append-only, bounded by `MessageKind.capacity`.
struct MessageKindRegistry {
    var names: [String]
    var indexByName: [String: Int]

    // `Locked`, not `Mutex`: TSan cannot see Mutex's futex on Linux and reports false races here.
    static let shared = Locked(MessageKindRegistry())
    static let overflowName = "other"

    init() {
        names = Array(repeating: Self.overflowName, count: MessageKind.capacity)
        indexByName = [:]
        nextIndex = 0
    }

    private var nextIndex: Int

    mutating func index(of name: String) -> Int {
        if let index = indexByName[name] { return index }
        // The last slot stays "other" for names past the capacity.
        guard nextIndex < MessageKind.capacity - 1 else { return MessageKind.capacity - 1 }
        let index = nextIndex
        nextIndex += 1
        names[index] = name
        indexByName[name] = index
        return index
    }
}
