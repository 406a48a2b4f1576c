import ScaleSupport
/// One timed fault change of a nemesis schedule.
public struct NemesisEvent: Sendable, Hashable, CustomStringConvertible {
    /// When to apply it, nanoseconds after the schedule starts.
    public var offsetNanos: UInt64
    public var action: NetworkFaultAction

    public init(atNanos offsetNanos: UInt64, _ action: NetworkFaultAction) {
        self.offsetNanos = offsetNanos
        self.action = action
    }

    /// Schedule syntax, e.g. "down:2@3s".
    public var description: String { "\(action)@\(NetworkDurationText.text(nanos: offsetNanos))" }
}

/// A list of timed fault changes ("nemesis", as in Jepsen) to run against a network during a benchmark.
///
/// Build one from events, parse one from a compact string (`init(parsing:nodes:seed:)`), or generate
/// a seeded random one (`randomCrashes`, `randomPartitions`); combine with `merged(with:)`.
/// Run it with `Nemesis`.
public struct NemesisSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The events in time order (events at the same time keep their given order).
    public private(set) var events: [NemesisEvent]

    /// A schedule of `events`, sorted by time.
    public init(_ events: [NemesisEvent]) {
        self.events = events.enumerated()
            .sorted { ($0.element.offsetNanos, $0.offset) < ($1.element.offsetNanos, $1.offset) }
            .map(\.element)
    }

    /// No faults.
    public static let empty = NemesisSchedule([])

    /// Both schedules' events, in time order.
    public func merged(with other: NemesisSchedule) -> NemesisSchedule {
        NemesisSchedule(events + other.events)
    }

    /// Parseable text: each event as "action@time", separated by ";".
    public var description: String { events.map(\.description).joined(separator: ";") }

    /// Applies `action` at `startNanos` and its undo `durationNanos` later (if it has one).
    static func window(_ action: NetworkFaultAction, startNanos: UInt64, durationNanos: UInt64?) -> [NemesisEvent] {
        var events = [NemesisEvent(atNanos: startNanos, action)]
        if let durationNanos, let undo = action.undo {
            events.append(NemesisEvent(atNanos: startNanos &+ durationNanos, undo))
        }
        return events
    }
}

extension NetworkFaultAction {
    /// The action that ends this one, for "+duration" windows; nil if it cannot be undone alone.
    var undo: NetworkFaultAction? {
        switch self {
        case .down(let nodes): .up(nodes)
        case .partition(let partition): .heal(partition)
        case .loss: .loss(probability: 0)
        case .slow(let nodes, _): .slow(nodes, extraNanos: 0)
        case .up, .heal, .healAll, .reset: nil
        }
    }
}
