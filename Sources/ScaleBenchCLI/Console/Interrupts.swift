#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// A Ctrl-C noticed by `Interrupts.stoppingAfterCurrentStep`, read between steps (bench cells).
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// True once Ctrl-C was pressed.
    var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Marks the run as interrupted.
    func raise() { raised.store(true, ordering: .relaxed) }
}

/// Turns Ctrl-C into a clean stop that keeps what finished. A second Ctrl-C exits at once.
public enum Interrupts {
    /// The exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells expect).
    public static let exitCode: Int32 = 130

    /// Runs `body`; SIGINT cancels it instead of killing the process.
    public static func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        return try await handlingInterrupts(message: "finishing the current benchmark's bookkeeping", onFirst: { task.cancel() }) {
            try await task.value
        }
    }

    /// Runs `body` with a flag that SIGINT raises, so it can finish the running step and stop.
    static func stoppingAfterCurrentStep<T: Sendable>(_ body: (InterruptFlag) async throws -> T) async throws -> T {
        let flag = InterruptFlag()
        return try await handlingInterrupts(message: "stopping after the running cell", onFirst: flag.raise) {
            try await body(flag)
        }
    }

    /// Runs `body` with SIGINT calling `onFirst` the first time and exiting 130 the second.
    private static func handlingInterrupts<T>(
        message: String, onFirst: @escaping @Sendable () -> Void, body: () async throws -> T
    ) async throws -> T {
        let seen = Atomic<Bool>(false)
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if seen.exchange(true, ordering: .relaxed) { exit(exitCode) }
            Terminal.printError("\ninterrupted: \(message); press Ctrl-C again to quit at once")
            onFirst()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await body()
    }
}
