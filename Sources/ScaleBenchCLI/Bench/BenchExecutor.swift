import ExerciseKit
import LoadGenerator
import ScaleCore

/// Runs bench cells one after another, drawing a status line on a terminal and printing each
/// row as it finishes. A stop request (Ctrl-C) lets the running cell finish, keeps it, and runs no more.
struct BenchExecutor {
    var cells: [BenchCell]
    var repetitions: Int
    var statusLine = StatusLine()
    /// Per group, the parameters that differ between its cells: what identifies a row.
    private let varyingNames: [String: [String]]

    init(cells: [BenchCell], repetitions: Int) {
        self.cells = cells
        self.repetitions = repetitions
        varyingNames = Dictionary(grouping: cells) { $0.group ?? "" }.mapValues(Self.varyingParameterNames)
    }

    /// What a run did: the finished cells, whether Ctrl-C cut it short, and the cells that could
    /// not be prepared (label and error), which the run skipped.
    struct Outcome: Sendable {
        var completed: [CompletedCell]
        var interrupted: Bool
        var failedToPrepare: [String] = []
    }

    /// Runs every cell `repetitions` times (skipping unsolved stubs); returns the finished cells.
    /// `stopRequested` is read before each cell; task cancellation also stops, dropping the running cell.
    func run(stopRequested: () -> Bool = { false }, onCellFinished: (CompletedCell) throws -> Void) async throws -> Outcome {
        var completed: [CompletedCell] = []
        var failedToPrepare: [String] = []
        var unimplemented: Set<String> = []
        let total = cells.count * repetitions
        let table = BenchTable(labelWidth: labelWidth, showsSchedule: cells.contains { $0.configuration.isOpenLoop })
        print(table.header)
        for repetition in 0..<repetitions {
            var currentGroup: String?
            for (index, cell) in cells.enumerated() {
                if Task.isCancelled || stopRequested() { return Outcome(completed: completed, interrupted: true, failedToPrepare: failedToPrepare) }
                if let group = cell.group, !group.isEmpty, group != currentGroup {
                    print("-- \(group)")
                }
                currentGroup = cell.group
                let position = repetition * cells.count + index + 1
                let label = label(of: cell)
                if let implementation = cell.implementation, unimplemented.contains(implementation) { continue }
                statusLine.update("[\(position)/\(total)] \(label): preparing")
                let prepared: PreparedTarget
                do {
                    prepared = try await cell.prepare()
                } catch let error as Unimplemented {
                    // An unsolved stub: say where to start, and skip its other cells.
                    statusLine.clear()
                    print("\(label): skipped, \(error)")
                    unimplemented.insert(cell.implementation ?? "")
                    continue
                } catch is CancellationError {
                    return Outcome(completed: completed, interrupted: true, failedToPrepare: failedToPrepare)
                } catch {
                    // One cell that cannot start (a replica set starved past its lease on a busy
                    // machine) costs that cell, not the sweep's other results.
                    statusLine.clear()
                    print("\(label): could not be prepared, skipped: \(error)")
                    failedToPrepare.append("\(label): \(error)")
                    continue
                }
                let result: RunResult
                do {
                    result = try await runLoad(prepared.target, configuration: cell.configuration) { progress in
                        statusLine.update(Self.status(progress, position: position, total: total, label: label))
                    }
                } catch {
                    await prepared.teardown()
                    statusLine.clear()
                    if error is CancellationError { return Outcome(completed: completed, interrupted: true, failedToPrepare: failedToPrepare) }
                    throw error
                }
                await prepared.teardown()
                statusLine.clear()
                let done = CompletedCell(cell: cell, repetition: repetition, result: result)
                print(table.row(label: label, result: result))
                if let warning = BenchTable.scheduleWarning(result) { print(warning) }
                if let warning = BenchTable.emptyWindowWarning(result) { print(warning) }
                completed.append(done)
                try onCellFinished(done)
            }
        }
        // A Ctrl-C during the last cell still ends the run as interrupted (exit 130).
        return Outcome(completed: completed, interrupted: stopRequested(), failedToPrepare: failedToPrepare)
    }

    private var labelWidth: Int {
        cells.map { label(of: $0).count }.max() ?? 4
    }

    /// `reference shards=4 clients=8`: the implementation and what varies in its group.
    func label(of cell: BenchCell) -> String {
        var parts: [String] = []
        if let implementation = cell.implementation { parts.append(implementation) }
        let varying = varyingNames[cell.group ?? ""] ?? []
        for assignment in cell.parameters.assignments where varying.contains(assignment.name) {
            parts.append("\(assignment.name)=\(assignment.value)")
        }
        return parts.isEmpty ? cell.suite : parts.joined(separator: " ")
    }

    /// The label of a finished cell: its `label(of:)`, and which run when cells repeat.
    func label(of done: CompletedCell) -> String {
        label(of: done.cell) + (repetitions > 1 ? " (run \(done.repetition + 1))" : "")
    }

    /// `name=value` for each parameter every cell shares (what no row label repeats), e.g.
    /// `clients=8 network=none`; empty when there is one cell or none in common.
    static func sharedParameterText(_ cells: [BenchCell]) -> String {
        guard let first = cells.first else { return "" }
        return first.parameters.assignments
            .filter { assignment in cells.allSatisfy { $0.parameters[assignment.name] == assignment.value } }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: " ")
    }

    /// Parameters that take more than one value across the `cells` that have them (floor rows
    /// lack the cluster parameters; that alone does not make a parameter vary).
    static func varyingParameterNames(_ cells: [BenchCell]) -> [String] {
        var names: [String] = []
        for cell in cells {
            for assignment in cell.parameters.assignments where !names.contains(assignment.name) {
                if Set(cells.compactMap { $0.parameters[assignment.name] }).count > 1 { names.append(assignment.name) }
            }
        }
        return names
    }

    /// The status line: warm-up time left, then measured time (warm-up excluded) and, once an
    /// interval has ended, its rate and p99; never a figure that has no data behind it.
    static func status(_ progress: RunProgress, position: Int, total: Int, label: String) -> String {
        let prefix = "[\(position)/\(total)] \(label):"
        let seconds = { (nanos: UInt64) in Format.fixed(Double(nanos) / 1e9, decimals: 1) + "s" }
        guard progress.phase == .measured else {
            return "\(prefix) warm-up \(seconds(progress.elapsedNanos)) of \(seconds(progress.warmupNanos))"
        }
        var line = "\(prefix) measuring \(seconds(progress.measuredElapsedNanos))  \(progress.operationCount) ops"
        if progress.hasCompleteInterval {
            line += "  \(Format.rate(progress.throughputOpsPerSec))  p99 \(Format.nanos(progress.latencyNanosP99))"
        }
        return line + "  errors \(progress.errorCount)"
    }
}

/// Fixed-width rows so each can print the moment its cell finishes.
struct BenchTable {
    var labelWidth: Int
    /// Open-loop sweeps add the offered rate, service time and schedule lag.
    var showsSchedule = false
    static let columns = ["ops/s", "mean", "p50", "p90", "p99", "p99.9", "max", "errors", "cpu/op"]
    static let scheduleColumns = ["offered", "svc p50", "svc p99", "lag p99"]
    static let columnWidth = 9

    private var allColumns: [String] { Self.columns + (showsSchedule ? Self.scheduleColumns : []) }

    var header: String {
        let cells = [pad("cell", labelWidth, left: true)] + allColumns.map { pad($0, Self.columnWidth) }
        let rule = [String(repeating: "-", count: labelWidth)] + allColumns.map { _ in String(repeating: "-", count: Self.columnWidth) }
        return cells.joined(separator: " ") + "\n" + rule.joined(separator: " ")
    }

    /// One row; `ops/s` counts operations completed without error, `cpu/op` is the process's CPU
    /// time over the measured phase per measured operation (failed ones too).
    func row(label: String, result: RunResult) -> String {
        let overall = result.overall
        let latency = overall.latency
        var values = [
            Format.rate(overall.throughputOpsPerSec), Format.nanos(latency.meanNanos), Format.nanos(latency.p50Nanos),
            Format.nanos(latency.p90Nanos), Format.nanos(latency.p99Nanos), Format.nanos(latency.p999Nanos),
            Format.nanos(latency.maxNanos), "\(overall.errorCount)",
            result.cpu?.nanosPerOperation(overall.count).map { Format.nanos(UInt64($0)) } ?? "-",
        ]
        if showsSchedule {
            values += [
                result.offeredRatePerSec.map(Format.rate) ?? "-",
                overall.serviceTime.map { Format.nanos($0.p50Nanos) } ?? "-",
                overall.serviceTime.map { Format.nanos($0.p99Nanos) } ?? "-",
                result.scheduleLag.map { Format.nanos($0.p99Nanos) } ?? "-",
            ]
        }
        return ([pad(label, labelWidth, left: true)] + values.map { pad($0, Self.columnWidth) }).joined(separator: " ")
    }

    /// A line under a row whose measured phase finished no operation (its zeros are not speeds).
    static func emptyWindowWarning(_ result: RunResult) -> String? {
        guard result.overall.count == 0 else { return nil }
        return "  warning: no operation finished in the measured phase, so this row has no figures (an operation takes longer than --duration: lengthen it)"
    }

    /// A line under an open-loop row whose schedule was not kept; nil when it was (or closed loop).
    static func scheduleWarning(_ result: RunResult) -> String? {
        guard result.isScheduleKept == false, let offered = result.offeredRatePerSec else { return nil }
        return "  warning: generator saturated: offered \(Format.rate(offered)), issued \(Format.rate(result.issuedOpsPerSec)), "
            + "\(result.skippedCount) skipped; the figures describe the generator, not the offered load (add --clients or lower --rate)"
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + padding : padding + text
    }
}
