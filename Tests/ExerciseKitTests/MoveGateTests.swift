@testable import ExerciseKit
import ScaleCore
import Testing

/// The gate a replicated move copies under: an exclusive step runs alone, and once one waits,
/// later shared callers queue behind it (a stream of writes cannot starve the move).
@Suite struct MoveGateTests {
    /// Records the order of events across tasks.
    final class Trace: Sendable {
        // Guarded by the lock: tasks append concurrently.
        private let events = Locked<[String]>([])
        func add(_ event: String) { events.withLock { $0.append(event) } }
        var all: [String] { events.withLock { $0 } }
    }

    @Test func anExclusiveStepWaitsForSharedCallersAndLaterOnesWaitForIt() async throws {
        let gate = MoveGate()
        let trace = Trace()
        let (sharedEntered, sharedEnteredSignal) = AsyncStream<Void>.makeStream()
        let (release, releaseSignal) = AsyncStream<Void>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await gate.shared {
                    trace.add("first shared in")
                    sharedEnteredSignal.yield()
                    for await _ in release { break }
                    trace.add("first shared out")
                }
            }
            for await _ in sharedEntered { break }
            group.addTask { await gate.exclusive { trace.add("exclusive") } }
            // The exclusive step is queued once a later shared caller cannot get in either.
            while !gate.hasWaitingExclusive { await Task.yield() }
            group.addTask { await gate.shared { trace.add("late shared") } }
            try? await Task.sleep(nanoseconds: 20_000_000)
            trace.add("released")
            releaseSignal.yield()
        }
        #expect(trace.all == ["first shared in", "released", "first shared out", "exclusive", "late shared"])
    }

    @Test func drainReturnsAtOnceWhenNobodyIsInside() async {
        let gate = MoveGate()
        await gate.drain()
        let value = await gate.shared { 7 }
        #expect(value == 7)
    }
}
