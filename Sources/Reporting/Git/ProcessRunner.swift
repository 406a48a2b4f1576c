import Foundation
import ScaleSupport

/// What a finished child process returned.
struct ProcessOutput: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The first non-empty line of stderr (else stdout), for one-line error messages.
    var firstErrorLine: String {
        for text in [stderr, stdout] {
            if let line = text.split(separator: "\n").first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                return String(line)
            }
        }
        return "exit status \(status)"
    }
}

/// Runs child processes through Foundation's `Process`, found on PATH via `/usr/bin/env`.
enum ProcessRunner {
    /// Runs `command` (program name plus arguments) in `directory` and waits for it.
    ///
    /// With `inheritOutput` the child writes to this process's stdout/stderr (a long benchmark
    /// shows its progress) and the returned output is empty; otherwise both are captured.
    static func run(_ command: [String], in directory: URL?, inheritOutput: Bool = false) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let directory { process.currentDirectoryURL = directory }
        if inheritOutput {
            try process.run()
            process.waitUntilExit()
            return ProcessOutput(status: process.terminationStatus, stdout: "", stderr: "")
        }
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr on another thread so a chatty child never blocks on a full pipe.
        let stderrData = Locked(Data())
        let drained = DispatchSemaphore(value: 0)
        let stderrHandle = stderrPipe.fileHandleForReading
        DispatchQueue.global().async {
            let data = stderrHandle.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
            drained.signal()
        }
        let stdoutData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData.withLock { $0 }, as: UTF8.self)
        )
    }
}
