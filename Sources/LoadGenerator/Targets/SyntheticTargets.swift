import ScaleSupport
import ScaleNetwork
/// One option a synthetic target accepts (for `scalebench list` and `--target-option name=value`).
public struct SyntheticTargetOption: Sendable, Hashable {
    /// The option name, as in `name=value`.
    public let name: String
    /// One line on what the option sets.
    public let summary: String
    /// The value used when the option is not given; nil when the option is off by default.
    public let defaultValue: String?
}

/// A synthetic target: name, one-line description, options, and how to build it.
public struct SyntheticTargetDescriptor: Sendable {
    /// The target name used on the command line.
    public let name: String
    /// One line on what the target does.
    public let summary: String
    /// The options it accepts.
    public let options: [SyntheticTargetOption]
    private let build: @Sendable (_ options: [String: String], _ seed: UInt64) throws -> any LoadTarget

    init(
        name: String, summary: String, options: [SyntheticTargetOption],
        build: @escaping @Sendable (_ options: [String: String], _ seed: UInt64) throws -> any LoadTarget
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.build = build
    }

    /// Builds the target; `options` maps option names to values (defaults fill the rest).
    /// Unknown options and bad values throw `LoadGeneratorError` (`.invalidTargetOption`).
    public func makeTarget(options given: [String: String] = [:], seed: UInt64 = 0) throws -> any LoadTarget {
        let known = Set(options.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            let list = known.isEmpty ? "it takes no options" : "use \(known.sorted().joined(separator: ", "))"
            throw LoadGeneratorError(.invalidTargetOption, "target '\(name)' has no option '\(unknown)'; \(list)")
        }
        var resolved = given
        for option in options where resolved[option.name] == nil {
            resolved[option.name] = option.defaultValue
        }
        return try build(resolved, seed)
    }
}

/// The built-in synthetic targets, for calibrating the harness and demonstrating latency effects.
public enum SyntheticTargets {
    /// Every synthetic target, in listing order.
    public static let all: [SyntheticTargetDescriptor] = [
        SyntheticTargetDescriptor(
            name: "noop", summary: "does nothing; measures the harness itself", options: []
        ) { _, _ in NoopTarget() },
        SyntheticTargetDescriptor(
            name: "delay", summary: "waits a latency drawn from a distribution, without holding a thread",
            options: [SyntheticTargetOption(name: "latency", summary: "per-op delay: \(LatencyDistribution.forms)", defaultValue: "constant:100us")]
        ) { options, seed in
            DelayTarget(latency: try requiredLatencyOption("latency", options, target: "delay"), seed: seed)
        },
        SyntheticTargetDescriptor(
            name: "spin", summary: "burns CPU on the worker thread for a drawn time",
            options: [SyntheticTargetOption(name: "work", summary: "CPU time per op: \(LatencyDistribution.forms)", defaultValue: "constant:10us")]
        ) { options, seed in
            SpinTarget(work: try requiredLatencyOption("work", options, target: "spin"), seed: seed)
        },
        SyntheticTargetDescriptor(
            name: "stall", summary: "fast, but every period all operations pause until the stall ends (GC-pause stand-in)",
            options: [
                SyntheticTargetOption(name: "period", summary: "time between stall starts", defaultValue: "1s"),
                SyntheticTargetOption(name: "pause", summary: "length of each stall (ends each period)", defaultValue: "100ms"),
                SyntheticTargetOption(name: "latency", summary: "normal per-op delay: \(LatencyDistribution.forms)", defaultValue: nil),
            ]
        ) { options, seed in
            try StallTarget(
                periodNanos: try durationOption("period", options, target: "stall"),
                pauseNanos: try durationOption("pause", options, target: "stall"),
                latency: try latencyOption("latency", options, target: "stall"),
                seed: seed
            )
        },
    ]

    /// Target names, in listing order.
    public static var names: [String] { all.map(\.name) }

    /// The descriptor named `name`; throws `.unknownTarget` listing the valid names.
    public static func descriptor(named name: String) throws -> SyntheticTargetDescriptor {
        guard let descriptor = all.first(where: { $0.name == name }) else {
            throw LoadGeneratorError(.unknownTarget, "unknown synthetic target '\(name)'; use one of \(names.joined(separator: ", "))")
        }
        return descriptor
    }

    /// Builds the target named `name` from `name=value` options.
    public static func makeTarget(named name: String, options: [String: String] = [:], seed: UInt64 = 0) throws -> any LoadTarget {
        try descriptor(named: name).makeTarget(options: options, seed: seed)
    }

    private static func latencyOption(_ name: String, _ options: [String: String], target: String) throws -> LatencyDistribution? {
        guard let text = options[name] else { return nil }
        do {
            return try LatencyDistribution.parse(text)
        } catch let error as LoadGeneratorError {
            throw LoadGeneratorError(.invalidTargetOption, "target '\(target)' option \(name): \(error.message)")
        }
    }

    private static func requiredLatencyOption(_ name: String, _ options: [String: String], target: String) throws -> LatencyDistribution {
        guard let latency = try latencyOption(name, options, target: target) else {
            throw LoadGeneratorError(.invalidTargetOption, "target '\(target)' needs option \(name); e.g. \(name)=constant:100us")
        }
        return latency
    }

    private static func durationOption(_ name: String, _ options: [String: String], target: String) throws -> UInt64 {
        do {
            return try ParameterParsing.durationNanos(options[name] ?? "")
        } catch let error as LoadGeneratorError {
            throw LoadGeneratorError(.invalidTargetOption, "target '\(target)' option \(name): \(error.message)")
        }
    }
}
