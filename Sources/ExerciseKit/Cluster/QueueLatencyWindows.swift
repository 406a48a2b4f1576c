import Histogram
import ScaleCore

/// Enqueue-to-handled latencies recorded into every open metric window's own histogram, so
/// windows (even overlapping ones) see only their deliveries; nothing is recorded while none is open.
final class QueueLatencyWindows: Sendable {
    // Guards the open windows' histograms.
    private let open = Locked<(nextID: Int, histograms: [Int: Histogram<UInt64>])>((0, [:]))

    func record(_ nanos: UInt64) {
        open.withLock { open in
            for id in open.histograms.keys { open.histograms[id]?.record(nanos) }
        }
    }

    /// Opens a window; the closure closes it and returns its p99 in nanoseconds (0 when empty).
    func begin() -> @Sendable () -> UInt64 {
        let id = open.withLock { open in
            defer { open.nextID += 1 }
            open.histograms[open.nextID] = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
            return open.nextID
        }
        return { [open] in
            guard let histogram = open.withLock({ $0.histograms.removeValue(forKey: id) }), histogram.totalCount > 0 else { return 0 }
            return histogram.valueAtPercentile(99)
        }
    }
}
