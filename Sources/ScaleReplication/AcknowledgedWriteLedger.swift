import ScaleSupport
import ScaleStorage
import ScaleNetwork
import Synchronization

/// The receipts of acknowledged writes that might still be lost: those not yet known to be on
/// every replica. At each promotion the ones missing from the new primary's log are counted as
/// lost (and dropped); bounded by `capacity` (the oldest are forgotten beyond it).
struct AcknowledgedWriteLedger: Sendable {
    private var receipts: [WriteReceipt] = []
    private var headIndex = 0
    let capacity: Int
    /// Receipts forgotten because the ledger was full (their loss could not be checked).
    private(set) var forgottenCount = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { receipts.count - headIndex }

    mutating func record(_ receipt: WriteReceipt) {
        if count >= capacity {
            headIndex += 1
            forgottenCount += 1
        }
        receipts.append(receipt)
        compactIfNeeded()
    }

    /// Drops receipts at or below `position` written in `epoch` or earlier: every replica holds them.
    mutating func pruneEverywhere(through position: LogPosition, epoch: Epoch) {
        while headIndex < receipts.count, receipts[headIndex].position <= position, receipts[headIndex].epoch <= epoch {
            headIndex += 1
        }
        compactIfNeeded()
    }

    /// Counts and drops the receipts from before `newEpoch` that the new primary's log does not hold.
    mutating func removeLost(comparedWith log: ReplicationLog, newEpoch: Epoch) -> Int {
        var kept: [WriteReceipt] = []
        var lost = 0
        for receipt in receipts[headIndex...] {
            guard receipt.epoch < newEpoch else {
                kept.append(receipt)
                continue
            }
            // Below the log's window the entry was everywhere when discarded.
            let held = receipt.position <= log.baselinePosition || log.epoch(at: receipt.position) == receipt.epoch
            if held { kept.append(receipt) } else { lost += 1 }
        }
        receipts = kept
        headIndex = 0
        return lost
    }

    private mutating func compactIfNeeded() {
        if headIndex > 1024, headIndex * 2 > receipts.count {
            receipts.removeFirst(headIndex)
            headIndex = 0
        }
    }
}

/// The ledger shared by a replica set's nodes, plus the running count of writes found lost.
/// A node promoted to primary counts losses inside its own critical section, so the count is
/// up to date before anyone can see the new primary.
final class AcknowledgementTracker: Sendable {
    let ledger: Locked<AcknowledgedWriteLedger>
    let lostCount = Atomic<UInt64>(0)

    init(capacity: Int) {
        ledger = Locked(AcknowledgedWriteLedger(capacity: capacity))
    }

    func record(_ receipts: [WriteReceipt]) {
        guard !receipts.isEmpty else { return }
        ledger.withLock { ledger in
            for receipt in receipts { ledger.record(receipt) }
        }
    }

    /// Counts the acknowledged writes a new primary starting from `log` does not hold.
    func countLost(newPrimaryLog log: ReplicationLog) {
        let lost = ledger.withLock { $0.removeLost(comparedWith: log, newEpoch: log.lastEpoch) }
        lostCount.add(UInt64(lost), ordering: .relaxed)
    }
}
