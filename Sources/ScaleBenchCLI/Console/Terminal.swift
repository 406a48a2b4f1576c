#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where human-facing output goes, and whether live progress may be drawn.
public enum Terminal {
    /// True when stderr is an interactive terminal and we are not under CI: only then is a
    /// refreshed status line drawn (nothing of it in a pipe or a CI log).
    public static var showsProgress: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Writes `text` and a newline to standard error.
    public static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// One status line on stderr, redrawn in place (`\r` + clear-to-end-of-line).
public final class StatusLine: Sendable {
    private let enabled: Bool

    public init(enabled: Bool = Terminal.showsProgress) { self.enabled = enabled }

    /// Replaces the status line with `text`.
    public func update(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Removes the status line so ordinary output starts on a clean line.
    public func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
