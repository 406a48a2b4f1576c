import Foundation

/// Which revision a rerun step runs.
public enum RerunSide: String, Sendable, Hashable {
    case base
    case head
}

/// The order of runs in `compare --rerun`: A B A B ..., so slow drift of the machine (heat,
/// background load) hits both sides alike instead of biasing whichever ran second.
public struct RerunPlan: Sendable, Hashable {
    public var steps: [RerunSide]

    public init(steps: [RerunSide]) {
        self.steps = steps
    }

    /// `runsPerSide` runs of each side, alternating and starting with the base.
    public static func alternating(runsPerSide: Int) -> RerunPlan {
        RerunPlan(steps: (0..<max(0, runsPerSide)).flatMap { _ in [RerunSide.base, .head] })
    }
}

/// Builds and runs one checkout of `compare --rerun`; the real one shells out to swift and scalebench.
public protocol RerunExecutor: Sendable {
    /// Builds `checkout` in release and returns the scalebench executable.
    func build(checkout: URL) throws -> URL
    /// Runs the suite once in `checkout` and returns the result files that run wrote.
    func run(executable: URL, checkout: URL, arguments: [String]) throws -> [URL]
}
