import Foundation

/// Thrown by a learner's stub method that has not been written yet.
///
/// The check runner and the bench report it as "not implemented yet — start with <method> in
/// <file>" instead of a failure, so an unsolved stub is a starting point, not a crash.
public struct Unimplemented: Error, CustomStringConvertible, Sendable {
    /// The method to write, e.g. `createUser(_:)`.
    public var method: String
    /// The file that holds it, relative to the repository root.
    public var file: String

    /// Creates the error for `method`; `filePath` is trimmed to start at `Exercises/`.
    public init(_ method: String = #function, filePath: String = #filePath) {
        self.method = method
        if let range = filePath.range(of: "Exercises/", options: .backwards) {
            self.file = String(filePath[range.lowerBound...])
        } else {
            self.file = filePath
        }
    }

    public var description: String { "not implemented yet — start with \(method) in \(file)" }
}
