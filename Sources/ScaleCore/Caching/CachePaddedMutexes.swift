import Synchronization

/// A fixed number of `Mutex`-guarded states in one allocation, each starting on its own 128-byte
/// boundary, so shards never share a cache line and picking a shard retains no object (a class per
/// shard would put a shared, atomically counted reference on every lookup).
///
/// Each lock and unlock is annotated for ThreadSanitizer (see `ThreadSanitizerAnnotations`).
///
/// `@unchecked Sendable`: each element's state is guarded by its own `Mutex`; the allocation is
/// written only in `init` and `deinit`, when no other reference exists.
final class CachePaddedMutexes<State: Sendable>: @unchecked Sendable {
    private static var lineBytes: Int { 128 }

    let count: Int
    private let base: UnsafeMutableRawPointer
    private let strideBytes: Int
    private let acquire = ThreadSanitizerAnnotations.acquire
    private let release = ThreadSanitizerAnnotations.release

    init(count: Int, _ makeState: (Int) -> State) {
        precondition(count >= 1, "need at least one element")
        self.count = count
        let elementBytes = MemoryLayout<Mutex<State>>.size
        strideBytes = (elementBytes + Self.lineBytes - 1) / Self.lineBytes * Self.lineBytes
        base = UnsafeMutableRawPointer.allocate(
            byteCount: strideBytes * count,
            alignment: max(Self.lineBytes, MemoryLayout<Mutex<State>>.alignment)
        )
        for index in 0..<count {
            element(index).initialize(to: Mutex(makeState(index)))
        }
    }

    deinit {
        for index in 0..<count { _ = element(index).deinitialize(count: 1) }
        base.deallocate()
    }

    @inline(__always)
    private func element(_ index: Int) -> UnsafeMutablePointer<Mutex<State>> {
        (base + index &* strideBytes).assumingMemoryBound(to: Mutex<State>.self)
    }

    /// Runs `body` with element `index` locked.
    @inline(__always)
    func withLock<Result>(_ index: Int, _ body: (inout sending State) -> sending Result) -> sending Result {
        precondition(index >= 0 && index < count, "element index out of range")
        let lock = element(index)
        return lock.pointee.withLock { (state: inout sending State) -> sending Result in
            acquire?(UnsafeMutableRawPointer(lock))
            defer { release?(UnsafeMutableRawPointer(lock)) }
            return body(&state)
        }
    }
}
