import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// How a read picks a replica.
public enum ReplicaReadPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Always the primary: never stale, all reads on one node.
    case primaryOnly
    /// Any reachable node, the primary included; may be stale (such reads are counted).
    case anyReplica(ReplicaSelection)
    /// A secondary caught up to the session's last write; otherwise wait up to `maxWaitNanos`
    /// for the most caught-up secondary, then fall back to the primary.
    case readYourWrites(ReplicaSelection, maxWaitNanos: UInt64)

    public var description: String {
        switch self {
        case .primaryOnly: "primary"
        case .anyReplica(let selection): "any-\(selection)"
        case .readYourWrites(let selection, let maxWaitNanos): "ryw-\(selection)-wait\(maxWaitNanos / 1_000)us"
        }
    }
}

/// How to choose among equally eligible replicas.
public enum ReplicaSelection: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case roundRobin = "round-robin"
    /// Fewest reads in flight (ties broken round robin).
    case leastLoaded = "least-loaded"

    public var description: String { rawValue }
}

/// What the router knows about one node when a read starts.
public struct ReadCandidate: Sendable, Hashable {
    /// The node.
    public var id: ReplicaID
    /// Whether clients currently see it as the primary.
    public var isPrimary: Bool
    /// Whether the coordinator heard from it within the failure timeout.
    public var isReachable: Bool
    /// See `ReplicaStateMachine.Status.matchedPosition`.
    public var matchedPosition: LogPosition
    /// Reads it is serving now (for least-loaded choice).
    public var readsInFlight: Int

    /// A candidate snapshot.
    public init(id: ReplicaID, isPrimary: Bool, isReachable: Bool, matchedPosition: LogPosition, readsInFlight: Int) {
        self.id = id
        self.isPrimary = isPrimary
        self.isReachable = isReachable
        self.matchedPosition = matchedPosition
        self.readsInFlight = readsInFlight
    }
}

/// Where a read goes.
public enum ReadRoute: Sendable, Hashable {
    /// Serve it from this node now.
    case serve(ReplicaID)
    /// Wait until `replica` has matched `position` or `deadlineNanos` passes; then serve from it,
    /// or on timeout from `fallback` (the primary).
    case waitThenServe(ReplicaID, position: LogPosition, deadlineNanos: UInt64, fallback: ReplicaID)
    /// No secondary is caught up to the session and waiting is not allowed: serve from the primary.
    case fallBack(to: ReplicaID)
    /// No reachable node can serve it.
    case unavailable
}

/// Chooses a replica for each read (pure; the runtime keeps one behind a lock). Its only state
/// is the round-robin turn.
public struct ReplicaReadRouter: Sendable {
    private var turn: UInt64 = 0

    /// A router whose round robin starts at the first candidate.
    public init() {}

    /// Routes a read under `policy` that started at `nowNanos`, for a session whose last write is
    /// `session` (if any).
    public mutating func route(_ policy: ReplicaReadPolicy, session: WriteReceipt?, candidates: [ReadCandidate], nowNanos: UInt64) -> ReadRoute {
        let primary = candidates.first { $0.isPrimary && $0.isReachable }
        switch policy {
        case .primaryOnly:
            return primary.map { .serve($0.id) } ?? .unavailable
        case .anyReplica(let selection):
            return pick(candidates.filter(\.isReachable), selection).map { .serve($0.id) } ?? .unavailable
        case .readYourWrites(let selection, let maxWaitNanos):
            let secondaries = candidates.filter { $0.isReachable && !$0.isPrimary }
            let needed = session?.position ?? .zero
            if let ready = pick(secondaries.filter { $0.matchedPosition >= needed }, selection) { return .serve(ready.id) }
            guard let primary else {
                // Without a primary, only a caught-up secondary could serve the session safely.
                return .unavailable
            }
            guard maxWaitNanos > 0, let closest = secondaries.max(by: { isBehind($0, $1) }) else { return .fallBack(to: primary.id) }
            return .waitThenServe(closest.id, position: needed, deadlineNanos: nowNanos &+ maxWaitNanos, fallback: primary.id)
        }
    }

    private func isBehind(_ a: ReadCandidate, _ b: ReadCandidate) -> Bool {
        a.matchedPosition != b.matchedPosition ? a.matchedPosition < b.matchedPosition : a.id > b.id
    }

    private mutating func pick(_ eligible: [ReadCandidate], _ selection: ReplicaSelection) -> ReadCandidate? {
        guard !eligible.isEmpty else { return nil }
        turn &+= 1
        let start = Int(turn % UInt64(eligible.count))
        switch selection {
        case .roundRobin:
            return eligible[start]
        case .leastLoaded:
            var best = eligible[start]
            for offset in 1..<eligible.count {
                let candidate = eligible[(start + offset) % eligible.count]
                if candidate.readsInFlight < best.readsInFlight { best = candidate }
            }
            return best
        }
    }
}

/// A client session's read-your-writes token: the receipt of its latest write.
public struct SessionToken: Sendable, Hashable, Codable {
    /// The latest write this session made, if any.
    public private(set) var lastWrite: WriteReceipt?

    /// A session that has not written yet.
    public init() {}

    /// Remembers `receipt` if it is later than the one held.
    public mutating func record(_ receipt: WriteReceipt) {
        guard let current = lastWrite else { lastWrite = receipt; return }
        if (receipt.epoch, receipt.position) > (current.epoch, current.position) { lastWrite = receipt }
    }
}
