import ScaleSupport
import ScaleNetwork

/// One operation the generator asks a target to perform.
public struct LoadOperation: Sendable, Hashable {
    /// Index of the operation's kind in the workload's `OperationMix`.
    public var kindIndex: Int
    /// The key drawn from the workload's key distribution, in `0..<keyCount`.
    public var key: UInt64
    /// Size of the value to write, for operations that write.
    public var valueSizeBytes: Int

    public init(kindIndex: Int, key: UInt64, valueSizeBytes: Int) {
        self.kindIndex = kindIndex
        self.key = key
        self.valueSizeBytes = valueSizeBytes
    }
}

/// A system under load: a synthetic target, an exercise implementation, a raw SQLite floor.
///
/// The runner calls `perform` from many tasks at once; a thrown error counts as a failed
/// operation under its `errorKindLabel`.
public protocol LoadTarget: Sendable {
    /// Performs one operation; throws to report a failure.
    func perform(_ operation: LoadOperation) async throws

    /// Extra metrics the target measured over the run (e.g. `messagesPerOp`, `shardLoadMaxOverMean`),
    /// read once after the measured phase ends.
    func runMetrics() async -> [String: Double]

    /// What each of `runMetrics()`'s figures is: label, unit, polarity. Undeclared figures are
    /// still stored, shown with two decimals and never judged.
    var metricDeclarations: [TargetMetric] { get }
}

extension LoadTarget {
    public func runMetrics() async -> [String: Double] { [:] }

    public var metricDeclarations: [TargetMetric] { [] }
}

/// Errors that name their own kind in reports ("timeout", "conflict", ...).
public protocol LabeledError: Error {
    /// Short, stable label used to count errors by kind.
    var errorKindLabel: String { get }
}

extension Error {
    /// The label this error is counted under: its own label, or its type name.
    public var errorKindLabel: String {
        if let labeled = self as? any LabeledError { return labeled.errorKindLabel }
        return String(describing: type(of: self))
    }
}

// Core errors count under their own labels ("timeout", "unreachable", ...).
extension NetworkError: LabeledError {}
