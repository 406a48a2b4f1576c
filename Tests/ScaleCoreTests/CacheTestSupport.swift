@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// An in-memory backing store that counts calls and can hold loads until a test opens its gate.
final class CountingBackingStore: BackingStore {
    struct Failure: Error {}

    private struct State {
        var values: [String: String] = [:]
        var loadCount = 0
        var storeCount = 0
        var batchCount = 0
        var loadsHeld = false
        var heldLoads: [CheckedContinuation<Void, Never>] = []
        var failsLoads = false
        var failsStores = false
    }

    private let state = Locked(State())

    init(_ values: [String: String] = [:]) {
        state.withLock { $0.values = values }
    }

    func load(_ key: String) async throws -> String? {
        // The value is read when the load starts, as a slow remote read would.
        let (value, held, fails) = state.withLock { state in
            state.loadCount += 1
            return (state.values[key], state.loadsHeld, state.failsLoads)
        }
        if held {
            await withCheckedContinuation { continuation in
                let parked = state.withLock { state in
                    guard state.loadsHeld else { return false }
                    state.heldLoads.append(continuation)
                    return true
                }
                if !parked { continuation.resume() }
            }
        }
        if fails { throw Failure() }
        return value
    }

    func store(_ value: String, forKey key: String) async throws {
        try state.withLock { state in
            if state.failsStores { throw Failure() }
            state.storeCount += 1
            state.values[key] = value
        }
    }

    func store(batch: [(key: String, value: String)]) async throws {
        try state.withLock { state in
            if state.failsStores { throw Failure() }
            state.batchCount += 1
            for entry in batch { state.values[entry.key] = entry.value }
        }
    }

    /// Loads started from now on wait until `releaseLoads()`.
    func holdLoads() { state.withLock { $0.loadsHeld = true } }

    func releaseLoads() {
        let held = state.withLock { state in
            state.loadsHeld = false
            defer { state.heldLoads = [] }
            return state.heldLoads
        }
        for continuation in held { continuation.resume() }
    }

    func setFailsLoads(_ fails: Bool) { state.withLock { $0.failsLoads = fails } }
    func setFailsStores(_ fails: Bool) { state.withLock { $0.failsStores = fails } }
    func rawValue(_ key: String) -> String? { state.withLock { $0.values[key] } }
    func rawSet(_ value: String, forKey key: String) { state.withLock { $0.values[key] = value } }
    var loadCount: Int { state.withLock { $0.loadCount } }
    var storeCount: Int { state.withLock { $0.storeCount } }
    var batchCount: Int { state.withLock { $0.batchCount } }
    var heldLoadCount: Int { state.withLock { $0.heldLoads.count } }
}

/// Polls `condition` every millisecond, for at most `timeoutNanos`; returns whether it came true.
func eventually(timeoutNanos: UInt64 = 5_000_000_000, _ condition: () -> Bool) async -> Bool {
    let deadline = MonotonicClock.nowNanos() + timeoutNanos
    while MonotonicClock.nowNanos() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 1_000_000)
    }
    return condition()
}
