import ExerciseKit

/// Failure rates of each check over repeated runs (`check --runs N`), so a learner can tell a
/// fixed bug from a lucky run.
struct CheckTally {
    private struct Row {
        var name: String
        var runs = 0
        var failures = 0
        var notApplicable = 0
        var unimplemented = 0
        var undecided = 0
        var firstFailedSeed: UInt64?
    }

    private var rows: [Row] = []
    /// Runs in which at least one check failed or could not decide.
    private(set) var failedRunCount = 0

    mutating func add(_ report: CheckReport) {
        var runFailed = false
        for result in report.results {
            var row = rows.first { $0.name == result.name } ?? Row(name: result.name)
            row.runs += 1
            switch result.status {
            case .passed: break
            case .failed:
                row.failures += 1
                row.firstFailedSeed = row.firstFailedSeed ?? report.seed
                runFailed = true
            case .notApplicable: row.notApplicable += 1
            case .unimplemented: row.unimplemented += 1
            case .undecided:
                row.undecided += 1
                runFailed = true
            }
            if let index = rows.firstIndex(where: { $0.name == result.name }) { rows[index] = row } else { rows.append(row) }
        }
        if runFailed { failedRunCount += 1 }
    }

    /// One line per check: failures / runs, the rate, and the command that replays the first failure.
    func table(replay: (String, UInt64) -> String) -> String {
        var table = TextTable(headers: ["check", "failed", "rate", "first failing seed: replay"], alignments: [.left, .right, .right, .left])
        for row in rows {
            let note: String = if let seed = row.firstFailedSeed {
                replay(row.name, seed)
            } else if row.unimplemented == row.runs {
                "not implemented yet"
            } else if row.notApplicable == row.runs {
                "not applicable to this design"
            } else if row.undecided > 0 {
                "\(row.undecided) undecided (search budget)"
            } else {
                "passed every run"
            }
            let rate = Double(row.failures) / Double(max(1, row.runs)) * 100
            table.append([row.name, "\(row.failures)/\(row.runs)", Format.fixed(rate, decimals: 0) + " %", note])
        }
        return table.render()
    }
}
