/// Groups operations that share a key, directly or through other operations (union-find), so each
/// group's history is checked on its own.
enum KeyPartition {
    /// The indices of `keysPerOperation` grouped by connected keys; each group in ascending order.
    static func groups(_ keysPerOperation: [[String]]) -> [[Int]] {
        var parent: [Int] = []
        var slotOfKey: [String: Int] = [:]
        func find(_ slot: Int) -> Int {
            var root = slot
            while parent[root] != root { root = parent[root] }
            var walk = slot
            while parent[walk] != root {
                let up = parent[walk]
                parent[walk] = root
                walk = up
            }
            return root
        }
        func slot(for key: String) -> Int {
            if let existing = slotOfKey[key] { return existing }
            parent.append(parent.count)
            slotOfKey[key] = parent.count - 1
            return parent.count - 1
        }
        // Every operation gets a slot of its own too, so a keyless operation forms its own group.
        let operationSlots = keysPerOperation.map { keys -> Int in
            parent.append(parent.count)
            let own = parent.count - 1
            for key in keys {
                let (a, b) = (find(own), find(slot(for: key)))
                if a != b { parent[b] = a }
            }
            return own
        }
        var byRoot: [Int: [Int]] = [:]
        for (index, slot) in operationSlots.enumerated() { byRoot[find(slot), default: []].append(index) }
        return byRoot.values.sorted { $0[0] < $1[0] }
    }
}
