import ScaleSupport
/// Node allocation and recency-list surgery for `LRUShard`.
extension LRUShard {
    mutating func allocate(_ node: Node) -> Int {
        if freeSlot != Self.noSlot {
            let slot = freeSlot
            freeSlot = nodes[slot].older
            nodes[slot] = node
            return slot
        }
        nodes.append(node)
        return nodes.count - 1
    }

    mutating func remove(slot: Int) {
        unlink(slot)
        if let key = nodes[slot].key { slotByKey[key] = nil }
        costBytes -= nodes[slot].costBytes
        // Release the key and value now rather than when the slot is reused.
        nodes[slot] = Node(key: nil, value: nil, costBytes: 0, expiresAtNanos: 0, older: freeSlot, newer: Self.noSlot)
        freeSlot = slot
    }

    mutating func moveToNewest(_ slot: Int) {
        guard slot != newestSlot else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    mutating func linkAsNewest(_ slot: Int) {
        nodes[slot].older = newestSlot
        nodes[slot].newer = Self.noSlot
        if newestSlot != Self.noSlot { nodes[newestSlot].newer = slot }
        newestSlot = slot
        if oldestSlot == Self.noSlot { oldestSlot = slot }
    }

    mutating func unlink(_ slot: Int) {
        let older = nodes[slot].older
        let newer = nodes[slot].newer
        if older != Self.noSlot { nodes[older].newer = newer } else { oldestSlot = newer }
        if newer != Self.noSlot { nodes[newer].older = older } else { newestSlot = older }
        nodes[slot].older = Self.noSlot
        nodes[slot].newer = Self.noSlot
    }

    /// O(n) consistency check for tests: the list visits exactly the dictionary's slots and the costs add up.
    func checkInvariants() {
        var visited = 0
        var summedCostBytes = 0
        var slot = oldestSlot
        while slot != Self.noSlot {
            visited += 1
            precondition(visited <= slotByKey.count, "LRU list is longer than the key index (cycle?)")
            if let key = nodes[slot].key { precondition(slotByKey[key] == slot, "LRU node and key index disagree") }
            summedCostBytes += nodes[slot].costBytes
            slot = nodes[slot].newer
        }
        precondition(visited == slotByKey.count, "LRU list has \(visited) nodes, key index \(slotByKey.count)")
        precondition(summedCostBytes == costBytes, "LRU cost \(costBytes) != summed \(summedCostBytes)")
    }
}
