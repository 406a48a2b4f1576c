import ScaleSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed number of lock-guarded states in one allocation, each slot (a pthread mutex followed by
/// its state) starting on its own 128-byte boundary, so shards never share a cache line and picking
/// a shard retains no object (a `Locked` per shard would put a shared, atomically counted
/// reference on every lookup). pthread mutexes, like `ThreadLock`, so ThreadSanitizer sees them.
///
/// `@unchecked Sendable`: each slot's state is only touched inside `withLock` while holding that
/// slot's mutex; the allocation itself is written only in `init` and `deinit`.
final class CachePaddedLocks<State: Sendable>: @unchecked Sendable {
    private static var lineBytes: Int { 128 }

    let count: Int
    private let base: UnsafeMutableRawPointer
    private let strideBytes: Int
    private let stateOffsetBytes: Int

    init(count: Int, _ makeState: (Int) -> State) {
        precondition(count >= 1, "need at least one slot")
        self.count = count
        let mutexBytes = MemoryLayout<pthread_mutex_t>.size
        let stateAlignment = MemoryLayout<State>.alignment
        stateOffsetBytes = (mutexBytes + stateAlignment - 1) / stateAlignment * stateAlignment
        let slotBytes = stateOffsetBytes + MemoryLayout<State>.size
        strideBytes = (slotBytes + Self.lineBytes - 1) / Self.lineBytes * Self.lineBytes
        base = UnsafeMutableRawPointer.allocate(
            byteCount: strideBytes * count,
            alignment: max(Self.lineBytes, stateAlignment, MemoryLayout<pthread_mutex_t>.alignment)
        )
        for index in 0..<count {
            let mutex = self.mutex(index)
            mutex.initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutex, nil)
            state(index).initialize(to: makeState(index))
        }
    }

    deinit {
        for index in 0..<count {
            state(index).deinitialize(count: 1)
            pthread_mutex_destroy(mutex(index))
            mutex(index).deinitialize(count: 1)
        }
        base.deallocate()
    }

    @inline(__always)
    private func mutex(_ index: Int) -> UnsafeMutablePointer<pthread_mutex_t> {
        (base + index &* strideBytes).assumingMemoryBound(to: pthread_mutex_t.self)
    }

    @inline(__always)
    private func state(_ index: Int) -> UnsafeMutablePointer<State> {
        (base + index &* strideBytes + stateOffsetBytes).assumingMemoryBound(to: State.self)
    }

    /// Runs `body` with slot `index` locked.
    @inline(__always)
    func withLock<Result>(_ index: Int, _ body: (inout State) throws -> Result) rethrows -> Result {
        precondition(index >= 0 && index < count, "slot index out of range")
        let mutex = self.mutex(index)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state(index).pointee)
    }
}
