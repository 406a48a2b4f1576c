import ExerciseKit
import LoadGenerator
import ScaleCore

/// A push request to the provider (APNs, FCM): show `payload` on `device`, at most once per key.
public struct PushRequest: Sendable, Hashable, Codable {
    public var device: UInt64
    public var payload: String
    /// The provider shows a notification once per key, however often it is asked.
    public var idempotencyKey: String

    public init(device: UInt64, payload: String, idempotencyKey: String) {
        self.device = device
        self.payload = payload
        self.idempotencyKey = idempotencyKey
    }
}

/// The push provider's side of the world: what each device showed. It deduplicates on the
/// request's idempotency key, as real providers do with a collapse or message id, so a retry after
/// a lost acknowledgement never shows a notification twice; a design that varies the key for one
/// notification shows it twice, and that is counted.
public final class PushProvider: Sendable {
    /// The endpoint's name on every NotificationService cluster.
    public static let endpointName = "push"
    /// The fixture holding the provider's record.
    public static let fixtureName = "push-provider"

    // Guarded by the lock: calls arrive concurrently from the delivery workers.
    private let shown = Locked<(byKey: [String: PushRequest], perDevice: [UInt64: [String]], repeats: Int)>(([:], [:], 0))

    public init() {}

    /// Handles one request: shows it unless its key was shown (then it only counts the repeat).
    func deliver(_ request: PushRequest) {
        shown.withLock { shown in
            if shown.byKey[request.idempotencyKey] != nil {
                shown.repeats += 1
                return
            }
            shown.byKey[request.idempotencyKey] = request
            shown.perDevice[request.device, default: []].append(request.payload)
        }
    }

    /// Every payload `device` showed, in the order it showed them.
    public func shown(on device: UInt64) -> [String] { shown.withLock { $0.perDevice[device, default: []] } }

    /// Requests that repeated a key already shown (retries the provider absorbed).
    public var repeatsAbsorbed: Int { shown.withLock { $0.repeats } }

    /// Notifications shown, over all devices.
    public var shownCount: Int { shown.withLock { $0.byKey.count } }
}

/// How the push provider fails (`--set provider=reliable,flaky`).
public enum ProviderBehaviour: String, Sendable, CaseIterable {
    /// Never fails.
    case reliable
    /// 3 % of calls refused before delivery, 2 % delivered but their acknowledgement lost.
    case flaky

    var failures: EndpointFailures {
        switch self {
        case .reliable: .none
        case .flaky: EndpointFailures(transientRate: 0.03, lostAcknowledgementRate: 0.02)
        }
    }
}

extension PushProvider {
    /// Puts a provider on `cluster`: the `push` endpoint (its own node, 100 µs service time, the
    /// failures `--set provider` asks for) and the fixture checks read.
    static func setUp(on cluster: Cluster) throws {
        let provider = PushProvider()
        let behaviour = cluster.configuration.options["provider"].flatMap(ProviderBehaviour.init(rawValue:)) ?? .reliable
        _ = try cluster.endpoint(
            named: endpointName, latency: .constant(nanos: 100_000), failures: behaviour.failures, timeout: .milliseconds(50)
        ) { (request: PushRequest) in provider.deliver(request) }
        try cluster.setFixture(provider, named: fixtureName)
        cluster.addMetricSource(provider.metrics)
    }

    /// Waits until `cluster`'s provider has shown `count` notifications (the pushes of a scenario's
    /// `prepare`, so they do not run beside the measured reads), at most `waitLimitNanos`.
    static func waitUntilShown(_ count: UInt64, on cluster: Cluster?) async throws {
        guard let provider = try cluster?.fixture(named: fixtureName, as: PushProvider.self) else { return }
        let deadlineNanos = MonotonicClock.nowNanos() &+ waitLimitNanos
        while provider.shownCount < count, MonotonicClock.nowNanos() < deadlineNanos {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// Longest `waitUntilShown` waits (a design that pushes nothing does not hold the run up longer).
    static let waitLimitNanos: UInt64 = 30_000_000_000

    /// Notifications shown and retries absorbed over a bench window.
    var metrics: ClusterMetricSource {
        ClusterMetricSource(declarations: [
            TargetMetric("pushesShown", label: "pushes shown", unit: .count, polarity: nil),
            TargetMetric("pushRepeatsAbsorbed", label: "push repeats absorbed", unit: .count, polarity: nil),
        ]) { [self] in
            let (shownBefore, repeatsBefore) = (shownCount, repeatsAbsorbed)
            return { [self] in
                ["pushesShown": Double(shownCount - shownBefore), "pushRepeatsAbsorbed": Double(repeatsAbsorbed - repeatsBefore)]
            }
        }
    }
}
