import ScaleSupport
/// The fate of one message, decided when it is sent.
enum MessageFate: Sendable, Hashable {
    /// Delivered at this monotonic time.
    case arrives(atNanos: UInt64)
    /// Lost: the sender never hears back.
    case dropped
    /// The destination is down and refuses: the sender learns at this time (one round trip).
    case refused(replyAtNanos: UInt64)
}

extension SimulatedNetwork {
    /// Decides whether a message sent at `sentAtNanos` arrives, and when.
    func route(from: NodeID, to: NodeID, sentAtNanos: UInt64) -> MessageFate {
        let verdict: LinkVerdict =
            faultsActive.load(ordering: .relaxed)
            ? faults.withLock { $0.verdict(from: from, to: to) }
            : .open(extraDelayNanos: 0, lossProbability: 0)
        let delay = configuration.delay(from: from, to: to)
        switch verdict {
        case .dropped:
            return .dropped
        case .destinationDown:
            guard configuration.downNodeReply == .refuse else { return .dropped }
            var generator = messageGenerator(from: from, to: to)
            let roundTripNanos = delay.sampleNanos(using: &generator)
                &+ configuration.delay(from: to, to: from).sampleNanos(using: &generator)
            return .refused(replyAtNanos: sentAtNanos &+ roundTripNanos)
        case .open(let extraNanos, let lossProbability):
            if delay.isNone && lossProbability == 0 { return .arrives(atNanos: sentAtNanos &+ extraNanos) }
            var generator = messageGenerator(from: from, to: to)
            if lossProbability > 0 && generator.nextUnitDouble() < lossProbability { return .dropped }
            return .arrives(atNanos: sentAtNanos &+ delay.sampleNanos(using: &generator) &+ extraNanos)
        }
    }

    /// A generator for the next message from `from` to `to`: a pure function of (seed, link,
    /// sender's sequence number), so it needs no lock and replays when each sender is sequential.
    func messageGenerator(from: NodeID, to: NodeID) -> SeededGenerator {
        let sequence = sequences.fetchAdd(1, at: sequenceSlot(of: from))
        let link = UInt64(UInt32(truncatingIfNeeded: from.rawValue)) << 32 | UInt64(UInt32(truncatingIfNeeded: to.rawValue))
        return SeededGenerator(seed: StableHash.mix(streamSeed ^ StableHash.mix(link) &+ sequence &* 0x9E37_79B9_7F4A_7C15))
    }

    private func sequenceSlot(of node: NodeID) -> Int {
        let nodeCount = counters.nodeCount
        if node.rawValue >= 0 { return min(node.rawValue, nodeCount) }
        return nodeCount + 1 + (-1 - node.rawValue) % Self.clientStreamCount
    }
}
