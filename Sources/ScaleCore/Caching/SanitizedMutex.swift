#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Happens-before annotations for ThreadSanitizer, found at run time.
///
/// On Linux, `Synchronization.Mutex` parks contended threads on a futex inside the (uninstrumented)
/// standard library, so TSan misses the ordering and reports "Swift access race" on state the
/// mutex does guard (reproduced with Swift 6.3.1: two threads, one `Mutex<[Int: Int]>`). Calling
/// `__tsan_acquire` / `__tsan_release` on an address unique to the lock restores the edge. The
/// hooks exist only in TSan builds; elsewhere they are nil and cost a nil check.
enum ThreadSanitizerAnnotations {
    typealias Hook = @convention(c) (UnsafeMutableRawPointer?) -> Void

    /// `__tsan_acquire`, when the TSan runtime is linked in.
    static let acquire: Hook? = lookUp("__tsan_acquire")
    /// `__tsan_release`, when the TSan runtime is linked in.
    static let release: Hook? = lookUp("__tsan_release")

    private static func lookUp(_ symbol: String) -> Hook? {
        #if canImport(Glibc)
        guard let address = dlsym(nil, symbol) else { return nil }
        #else
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: -2), symbol) else { return nil }
        #endif
        return unsafeBitCast(address, to: Hook.self)
    }
}

/// A `Mutex` in its own object whose lock and unlock ThreadSanitizer sees (the object's address is
/// the annotation address). Use it off the hottest paths; `CachePaddedMutexes` annotates the same
/// way without the extra object per lock.
final class SanitizedMutex<State>: Sendable {
    private let mutex: Mutex<State>
    private let acquire = ThreadSanitizerAnnotations.acquire
    private let release = ThreadSanitizerAnnotations.release

    init(_ initialState: sending State) {
        mutex = Mutex(initialState)
    }

    /// Runs `body` with the state locked.
    @inline(__always)
    func withLock<Result, E: Error>(_ body: (inout sending State) throws(E) -> sending Result) throws(E) -> sending Result {
        let token = Unmanaged.passUnretained(self).toOpaque()
        return try mutex.withLock { (state: inout sending State) throws(E) -> sending Result in
            acquire?(token)
            defer { release?(token) }
            return try body(&state)
        }
    }
}
