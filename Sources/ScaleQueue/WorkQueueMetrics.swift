import ScaleSupport
import ScaleStorage
/// One reading of the queue's depth.
public struct QueueDepthSample: Sendable, Hashable, Codable {
    /// When, on the queue's clock.
    public var timeNanos: UInt64
    /// Messages pending (ready or in flight).
    public var depth: Int

    /// Creates a sample.
    public init(timeNanos: UInt64, depth: Int) {
        self.timeNanos = timeNanos
        self.depth = depth
    }
}

/// Counters and distributions of a work queue since it was opened.
public struct WorkQueueMetrics: Sendable, Hashable, Codable {
    /// Messages accepted by `enqueue` (not counting duplicates).
    public var enqueued = 0
    /// Messages whose effect was committed.
    public var completed = 0
    /// Failed or timed-out attempts scheduled again.
    public var retries = 0
    /// Deliveries whose lease expired before the worker finished.
    public var leaseExpiries = 0
    /// Messages moved to the dead-letter queue.
    public var deadLetters = 0
    /// Repeats that were not applied: enqueues of a pending or completed idempotency key, and
    /// completions of a key already completed (a redelivered message finishing second).
    public var duplicatesSuppressed = 0
    /// Enqueues refused with `queueFull`.
    public var rejectedFull = 0
    /// Enqueues that had to wait for room.
    public var producerWaits = 0
    /// Messages pending now.
    public var depth = 0
    /// Messages in flight now.
    public var inFlight = 0
    /// Largest depth seen.
    public var depthMax = 0
    /// Depth over time, oldest first; rate-limited and bounded (the oldest samples are dropped).
    public var depthSamples: [QueueDepthSample] = []
    /// Enqueue-to-done latencies recorded.
    public var latencyCount = 0
    /// Median enqueue-to-done latency.
    public var latencyNanosP50: UInt64 = 0
    /// 99th percentile enqueue-to-done latency.
    public var latencyNanosP99: UInt64 = 0
    /// Largest enqueue-to-done latency.
    public var latencyNanosMax: UInt64 = 0

    /// All-zero metrics.
    public init() {}
}

/// Keeps one depth sample per `minimumIntervalNanos` (the largest depth seen in it), in a ring of `capacity`.
struct QueueDepthSampler: Sendable {
    let capacity: Int
    let minimumIntervalNanos: UInt64
    private var ring: [QueueDepthSample] = []
    private var nextSlot = 0
    private var lastSampleNanos: UInt64?
    private(set) var depthMax = 0

    init(capacity: Int, minimumIntervalNanos: UInt64) {
        self.capacity = max(1, capacity)
        self.minimumIntervalNanos = minimumIntervalNanos
    }

    /// Notes the depth after a change: a new sample once the last one is `minimumIntervalNanos` old,
    /// else the last sample keeps the larger depth (so a short spike still shows).
    mutating func note(depth: Int, nowNanos: UInt64) {
        depthMax = max(depthMax, depth)
        if let lastSampleNanos, nowNanos >= lastSampleNanos, nowNanos - lastSampleNanos < minimumIntervalNanos {
            let lastSlot = (nextSlot + capacity - 1) % capacity
            ring[lastSlot].depth = max(ring[lastSlot].depth, depth)
            return
        }
        lastSampleNanos = nowNanos
        let sample = QueueDepthSample(timeNanos: nowNanos, depth: depth)
        if ring.count < capacity {
            ring.append(sample)
        } else {
            ring[nextSlot] = sample
        }
        nextSlot = (nextSlot + 1) % capacity
    }

    /// Samples oldest first.
    var samples: [QueueDepthSample] {
        ring.count < capacity ? ring : Array(ring[nextSlot...] + ring[..<nextSlot])
    }
}
