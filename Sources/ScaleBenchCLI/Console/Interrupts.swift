#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Turns Ctrl-C into task cancellation, so a long run stops cleanly and keeps what it finished.
/// A second Ctrl-C exits at once.
public enum Interrupts {
    /// Runs `body`; SIGINT cancels it instead of killing the process.
    public static func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if task.isCancelled { exit(130) }
            Terminal.printError("\ninterrupted: finishing the current cell's bookkeeping; press Ctrl-C again to quit at once")
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try await task.value
    }
}
