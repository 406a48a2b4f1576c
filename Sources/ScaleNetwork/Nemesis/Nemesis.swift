import ScaleSupport
import Synchronization

/// One applied nemesis event: what was done, when it was due and when it happened.
public struct NemesisLogEntry: Sendable, Hashable, CustomStringConvertible {
    /// When the schedule said, nanoseconds after its start.
    public var scheduledOffsetNanos: UInt64
    /// When it was applied, nanoseconds after the start.
    public var appliedOffsetNanos: UInt64
    public var action: NetworkFaultAction

    public init(scheduledOffsetNanos: UInt64, appliedOffsetNanos: UInt64, action: NetworkFaultAction) {
        self.scheduledOffsetNanos = scheduledOffsetNanos
        self.appliedOffsetNanos = appliedOffsetNanos
        self.action = action
    }

    /// e.g. "+3.000012s down:2 (due 3s)".
    public var description: String {
        let applied = Double(appliedOffsetNanos) / 1e9
        return "+\(applied)s \(action) (due \(NetworkDurationText.text(nanos: scheduledOffsetNanos)))"
    }
}

/// Which events of a schedule are due: a pure state machine (time in → events out).
public struct NemesisProgress: Sendable, Hashable {
    /// Index of the next event not yet handed out.
    public private(set) var nextIndex = 0

    public init() {}

    /// The events due at `offsetNanos` that were not handed out before, in order.
    public mutating func due(atOffsetNanos offsetNanos: UInt64, in schedule: NemesisSchedule) -> ArraySlice<NemesisEvent> {
        let start = nextIndex
        while nextIndex < schedule.events.count, schedule.events[nextIndex].offsetNanos <= offsetNanos {
            nextIndex += 1
        }
        return schedule.events[start..<nextIndex]
    }

    /// Whether every event was handed out.
    public func isFinished(in schedule: NemesisSchedule) -> Bool { nextIndex >= schedule.events.count }
}

/// Runs a `NemesisSchedule` against a network and logs what it applied.
///
/// Drive it in real time with `run(startNanos:)` (a task, usually alongside a benchmark), or step
/// it deterministically with `advance(toOffsetNanos:)`, e.g. from a test or a simulated clock.
public final class Nemesis: Sendable {
    public let schedule: NemesisSchedule
    public let network: SimulatedNetwork
    private let state = Locked<(progress: NemesisProgress, log: [NemesisLogEntry])>((NemesisProgress(), []))

    /// Longest single wait in `run`, so cancellation is noticed within this long.
    static let waitSliceNanos: UInt64 = 10_000_000

    public init(schedule: NemesisSchedule, network: SimulatedNetwork) {
        self.schedule = schedule
        self.network = network
    }

    /// Applies every not-yet-applied event due at `offsetNanos` after the start, logging each as
    /// applied at `appliedOffsetNanos` (default `offsetNanos`). Returns the new log entries.
    @discardableResult
    public func advance(toOffsetNanos offsetNanos: UInt64, appliedOffsetNanos: UInt64? = nil) -> [NemesisLogEntry] {
        state.withLock { state in
            var applied: [NemesisLogEntry] = []
            for event in state.progress.due(atOffsetNanos: offsetNanos, in: schedule) {
                network.apply(event.action)
                applied.append(NemesisLogEntry(
                    scheduledOffsetNanos: event.offsetNanos,
                    appliedOffsetNanos: appliedOffsetNanos ?? offsetNanos,
                    action: event.action
                ))
            }
            state.log += applied
            return applied
        }
    }

    /// Applies each event when its time comes, counted from `startNanos` (a `MonotonicClock` time).
    /// Returns when every event was applied, or soon after the task is cancelled. It does not heal
    /// at the end: call `network.resetFaults()` when the benchmark is over.
    public func run(startNanos: UInt64 = MonotonicClock.nowNanos()) async {
        while let dueOffsetNanos = nextOffsetNanos() {
            let dueNanos = startNanos &+ dueOffsetNanos
            while MonotonicClock.nowNanos() < dueNanos {
                if Task.isCancelled { return }
                await network.sleeper.sleep(untilNanos: min(dueNanos, MonotonicClock.nowNanos() &+ Self.waitSliceNanos))
            }
            if Task.isCancelled { return }
            let nowOffsetNanos = MonotonicClock.nowNanos() &- startNanos
            advance(toOffsetNanos: max(dueOffsetNanos, nowOffsetNanos), appliedOffsetNanos: nowOffsetNanos)
        }
    }

    /// The applied events so far, in order.
    public var log: [NemesisLogEntry] { state.withLock { $0.log } }

    /// Whether every event was applied.
    public var isFinished: Bool { state.withLock { $0.progress.isFinished(in: schedule) } }

    private func nextOffsetNanos() -> UInt64? {
        state.withLock { state in
            state.progress.isFinished(in: schedule) ? nil : schedule.events[state.progress.nextIndex].offsetNanos
        }
    }
}
