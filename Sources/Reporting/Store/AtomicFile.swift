import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so readers only ever see the old file or the complete new one.
///
/// The content goes to a hidden temp file in the same folder (so the final step is a same-filesystem
/// rename), is flushed to disk, then takes the target's name in one step. Any failure removes the
/// temp file and leaves whatever was at the target untouched.
public enum AtomicFile {
    /// What happens when the target name is taken.
    public enum Existing: Sendable {
        /// Replace it atomically.
        case replace
        /// Fail with `AtomicFile.TargetExists` and leave it alone.
        case keep
    }

    /// Thrown by `.keep` writes whose target already exists.
    public struct TargetExists: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) already exists" }
    }

    /// Makes temp names unique among concurrent writers in this process (the pid separates processes).
    private static let tempSequence = Atomic<UInt64>(0)

    /// Writes `data` to `url`.
    public static func write(_ data: Data, to url: URL, existing: Existing = .replace) throws {
        try write(to: url, existing: existing) { handle in try handle.write(contentsOf: data) }
    }

    /// Writes whatever `body` writes to the handle; if `body` throws, nothing reaches `url`.
    public static func write(to url: URL, existing: Existing = .replace, _ body: (FileHandle) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        let sequence = tempSequence.add(1, ordering: .relaxed).newValue
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(sequence)")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw ReportingError(.writeFailed, "cannot create a file in \(directory.path); check that the folder exists and is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: temp)
            do {
                try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            try moveIntoPlace(temp, url, existing: existing)
        } catch {
            _ = unlink(temp.path)
            throw error
        }
    }

    private static func moveIntoPlace(_ temp: URL, _ url: URL, existing: Existing) throws {
        switch existing {
        case .replace:
            guard rename(temp.path, url.path) == 0 else { throw renameError(url) }
        case .keep:
            // link(2) fails instead of replacing, so two writers never overwrite each other.
            if link(temp.path, url.path) == 0 {
                _ = unlink(temp.path)
                return
            }
            let linkErrno = errno
            if linkErrno == EEXIST { throw TargetExists(path: url.path) }
            // Filesystems without hard links: check, then rename.
            guard !FileManager.default.fileExists(atPath: url.path) else { throw TargetExists(path: url.path) }
            guard rename(temp.path, url.path) == 0 else { throw renameError(url) }
        }
    }

    private static func renameError(_ url: URL) -> ReportingError {
        let reason = String(cString: strerror(errno))
        return ReportingError(.writeFailed, "cannot move the new file into place at \(url.path) (\(reason)); check the path and permissions")
    }
}
