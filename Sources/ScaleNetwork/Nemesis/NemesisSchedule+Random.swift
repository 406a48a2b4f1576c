import ScaleSupport
extension NemesisSchedule {
    /// Every `everyNanos` within the window, takes one random up node down for `downNanos`,
    /// keeping at most `maxDown` down at once (default: a minority, `(nodes.count - 1) / 2`, at least 1).
    /// All nodes are up again by the window's end. Same seed, same schedule.
    public static func randomCrashes(
        nodes: [NodeID], seed: UInt64, startNanos: UInt64, durationNanos: UInt64,
        everyNanos: UInt64, downNanos: UInt64, maxDown: Int? = nil
    ) -> NemesisSchedule {
        let nodes = nodes.filter { !$0.isClient }
        let limit = maxDown ?? max(1, (nodes.count - 1) / 2)
        guard !nodes.isEmpty, everyNanos > 0, limit > 0 else { return .empty }
        var generator = SeededGenerator(seed: seed, stream: 0x6372_6173)
        let endNanos = startNanos &+ durationNanos
        var events: [NemesisEvent] = []
        var upAtNanosByNode: [NodeID: UInt64] = [:]
        for tickNanos in stride(from: startNanos, to: endNanos, by: Int(clamping: everyNanos)) {
            upAtNanosByNode = upAtNanosByNode.filter { $0.value > tickNanos }
            let candidates = nodes.filter { upAtNanosByNode[$0] == nil }
            guard upAtNanosByNode.count < limit, let node = candidates.randomElement(using: &generator) else { continue }
            let upNanos = min(tickNanos &+ downNanos, endNanos)
            upAtNanosByNode[node] = upNanos
            events.append(NemesisEvent(atNanos: tickNanos, .down([node])))
            events.append(NemesisEvent(atNanos: upNanos, .up([node])))
        }
        return NemesisSchedule(events)
    }

    /// Every `everyNanos` within the window, splits the nodes at random into a minority and a
    /// majority for `partitionNanos` (symmetric). Healed by the window's end. Same seed, same schedule.
    public static func randomPartitions(
        nodes: [NodeID], seed: UInt64, startNanos: UInt64, durationNanos: UInt64,
        everyNanos: UInt64, partitionNanos: UInt64
    ) -> NemesisSchedule {
        let nodes = nodes.filter { !$0.isClient }
        guard nodes.count >= 2, everyNanos > 0 else { return .empty }
        var generator = SeededGenerator(seed: seed, stream: 0x7061_7274)
        let endNanos = startNanos &+ durationNanos
        let minorityCount = max(1, (nodes.count - 1) / 2)
        var events: [NemesisEvent] = []
        for tickNanos in stride(from: startNanos, to: endNanos, by: Int(clamping: everyNanos)) {
            let shuffled = nodes.shuffled(using: &generator)
            let minority = Array(shuffled.prefix(minorityCount)).sorted()
            let majority = Array(shuffled.dropFirst(minorityCount)).sorted()
            let partition = Partition.symmetric([minority, majority])
            events.append(NemesisEvent(atNanos: tickNanos, .partition(partition)))
            events.append(NemesisEvent(atNanos: min(tickNanos &+ partitionNanos, endNanos), .heal(partition)))
        }
        return NemesisSchedule(events)
    }
}
