import ScaleSupport
/// Message counts of one network: totals, by kind, by node, failures. Lock-free relaxed atomics,
/// striped per thread so workers calling at once do not trade cache lines.
///
/// A call counts 2 messages (request and reply) or 1 if the request is lost; a `send` counts 1.
/// Per-node counts are messages the node sent or received. Read with `snapshot(resetting:)`.
public final class NetworkCounters: Sendable {
    @usableFromInline let table: StripedCounters
    /// Nodes `0..<nodeCount` have their own slot.
    public let nodeCount: Int
    @usableFromInline let clientSlot: Int
    @usableFromInline let otherNodesSlot: Int
    @usableFromInline let scalarBase: Int

    @usableFromInline
    enum Scalar: Int, CaseIterable {
        case dropped, calls, sends, timeouts, refusals
    }

    /// Counters for nodes `0..<nodeCount`.
    public init(nodeCount: Int) {
        self.nodeCount = max(nodeCount, 0)
        clientSlot = MessageKind.capacity + self.nodeCount
        otherNodesSlot = clientSlot + 1
        scalarBase = otherNodesSlot + 1
        table = StripedCounters(count: scalarBase + Scalar.allCases.count)
    }

    @inlinable
    func slot(of node: NodeID) -> Int {
        if node.rawValue < 0 { return clientSlot }
        return node.rawValue < nodeCount ? MessageKind.capacity + node.rawValue : otherNodesSlot
    }

    /// Counts `count` messages of `kind` between `from` and `to` (either direction).
    @inlinable
    func countMessages(_ count: UInt64, kind: MessageKind, between from: NodeID, and to: NodeID) {
        countMessages(count, kind: kind, between: from, and: to, stripe: StripedCounters.currentStripe())
    }

    @inlinable
    func countMessages(_ count: UInt64, kind: MessageKind, between from: NodeID, and to: NodeID, stripe: Int) {
        table.add(count, at: kind.index, stripe: stripe)
        table.add(count, at: slot(of: from), stripe: stripe)
        table.add(count, at: slot(of: to), stripe: stripe)
    }

    @inlinable
    func countScalar(_ which: Scalar, stripe: Int = StripedCounters.currentStripe()) {
        table.add(1, at: scalarBase + which.rawValue, stripe: stripe)
    }

    /// A call started; its messages are counted as they are sent.
    func countCallStarted() { countScalar(.calls) }

    /// A call whose request and reply both go out at once (no delays, no faults): 1 call, 2 messages.
    @inlinable
    func countCall(kind: MessageKind, between from: NodeID, and to: NodeID) {
        let stripe = StripedCounters.currentStripe()
        countScalar(.calls, stripe: stripe)
        countMessages(2, kind: kind, between: from, and: to, stripe: stripe)
    }

    /// A one-way send: 1 send, 1 message.
    @inlinable
    func countSend(kind: MessageKind, between from: NodeID, and to: NodeID) {
        let stripe = StripedCounters.currentStripe()
        countScalar(.sends, stripe: stripe)
        countMessages(1, kind: kind, between: from, and: to, stripe: stripe)
    }
    func countDropped() { countScalar(.dropped) }

    func countFailure(_ code: NetworkError.Code) {
        countScalar(code == .unreachable ? .refusals : .timeouts)
    }

    /// The counts so far; with `resetting`, each counter is read and zeroed atomically (the
    /// snapshot is not one instant across counters while calls are in flight).
    public func snapshot(resetting: Bool = false) -> NetworkCountersSnapshot {
        func read(_ index: Int) -> UInt64 { table.sum(at: index, resetting: resetting) }
        func scalar(_ which: Scalar) -> UInt64 { read(scalarBase + which.rawValue) }
        var byKind: [String: UInt64] = [:]
        var total: UInt64 = 0
        let names = MessageKindRegistry.shared.withLock { $0.names }
        for index in 0..<MessageKind.capacity {
            let value = read(index)
            guard value > 0 else { continue }
            byKind[names[index], default: 0] += value
            total += value
        }
        var byNode: [NodeID: UInt64] = [:]
        for node in 0..<nodeCount {
            let value = read(MessageKind.capacity + node)
            if value > 0 { byNode[NodeID(node)] = value }
        }
        return NetworkCountersSnapshot(
            messages: total,
            clientMessages: read(clientSlot),
            messagesDropped: scalar(.dropped),
            calls: scalar(.calls),
            sends: scalar(.sends),
            callsTimedOut: scalar(.timeouts),
            callsRefused: scalar(.refusals),
            messagesByKind: byKind,
            messagesByNode: byNode,
            messagesOtherNodes: read(otherNodesSlot)
        )
    }

    /// Zeroes every counter.
    public func reset() { _ = snapshot(resetting: true) }
}

/// Message counts at one moment (see `NetworkCounters`).
public struct NetworkCountersSnapshot: Sendable, Hashable, Codable {
    /// Messages put on the wire, lost ones included.
    public var messages: UInt64
    /// Messages with a client at one end; the rest are node↔node.
    public var clientMessages: UInt64
    /// Messages lost to loss, partitions or down nodes.
    public var messagesDropped: UInt64
    /// Request/reply calls started.
    public var calls: UInt64
    /// One-way sends started.
    public var sends: UInt64
    /// Calls that failed with `.timeout`.
    public var callsTimedOut: UInt64
    /// Calls that failed with `.unreachable`.
    public var callsRefused: UInt64
    /// Messages by `MessageKind` name.
    public var messagesByKind: [String: UInt64]
    /// Messages each node sent or received (nodes with none are absent).
    public var messagesByNode: [NodeID: UInt64]
    /// Messages sent or received by node ids outside `0..<nodeCount`.
    public var messagesOtherNodes: UInt64

    public init(
        messages: UInt64, clientMessages: UInt64, messagesDropped: UInt64, calls: UInt64, sends: UInt64,
        callsTimedOut: UInt64, callsRefused: UInt64, messagesByKind: [String: UInt64],
        messagesByNode: [NodeID: UInt64], messagesOtherNodes: UInt64
    ) {
        self.messages = messages
        self.clientMessages = clientMessages
        self.messagesDropped = messagesDropped
        self.calls = calls
        self.sends = sends
        self.callsTimedOut = callsTimedOut
        self.callsRefused = callsRefused
        self.messagesByKind = messagesByKind
        self.messagesByNode = messagesByNode
        self.messagesOtherNodes = messagesOtherNodes
    }

    /// The counts since `earlier` (a snapshot of the same counters taken before, without resetting).
    public func subtracting(_ earlier: NetworkCountersSnapshot) -> NetworkCountersSnapshot {
        func minus<Key>(_ now: [Key: UInt64], _ before: [Key: UInt64]) -> [Key: UInt64] {
            now.reduce(into: [:]) { result, entry in
                let delta = entry.value &- min(before[entry.key] ?? 0, entry.value)
                if delta > 0 { result[entry.key] = delta }
            }
        }
        func minus(_ now: UInt64, _ before: UInt64) -> UInt64 { now &- min(before, now) }
        return NetworkCountersSnapshot(
            messages: minus(messages, earlier.messages),
            clientMessages: minus(clientMessages, earlier.clientMessages),
            messagesDropped: minus(messagesDropped, earlier.messagesDropped),
            calls: minus(calls, earlier.calls),
            sends: minus(sends, earlier.sends),
            callsTimedOut: minus(callsTimedOut, earlier.callsTimedOut),
            callsRefused: minus(callsRefused, earlier.callsRefused),
            messagesByKind: minus(messagesByKind, earlier.messagesByKind),
            messagesByNode: minus(messagesByNode, earlier.messagesByNode),
            messagesOtherNodes: minus(messagesOtherNodes, earlier.messagesOtherNodes)
        )
    }

    /// Node↔node messages (replication, fan-out) as opposed to client traffic.
    public var nodeMessages: UInt64 { messages &- min(clientMessages, messages) }

    /// Messages per client operation (Maelstrom's msgs-per-op); 0 when there were no operations.
    public func messagesPerOperation(operationCount: UInt64) -> Double {
        operationCount == 0 ? 0 : Double(messages) / Double(operationCount)
    }

    /// Figures for `LoadTarget.runMetrics()`: messagesPerOp, nodeMessagesPerOp, messagesDroppedFraction.
    public func metrics(operationCount: UInt64) -> [String: Double] {
        [
            "messagesPerOp": messagesPerOperation(operationCount: operationCount),
            "nodeMessagesPerOp": operationCount == 0 ? 0 : Double(nodeMessages) / Double(operationCount),
            "messagesDroppedFraction": messages == 0 ? 0 : Double(messagesDropped) / Double(messages),
        ]
    }
}
