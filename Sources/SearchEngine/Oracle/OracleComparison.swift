/// Compares the engine's top 10 with FTS5's on each query. A query counts only when FTS5's 10th
/// and 11th scores are not tied (else either top 10 is right); it agrees when both return the
/// same ids in the same order with scores equal within 1e-6 relative.
public enum OracleComparison {
    /// The outcome over a query set.
    public struct Report: Sendable {
        /// Queries whose top-10 boundary is not tied.
        public var untiedQueries = 0
        /// Untied queries where the engine equals FTS5.
        public var agreements = 0
        /// One line per untied query that disagreed (first few kept).
        public var disagreements: [String] = []

        /// Agreements over untied queries, 0...1 (1 when nothing was comparable).
        public var agreementRate: Double { untiedQueries == 0 ? 1 : Double(agreements) / Double(untiedQueries) }
    }

    static let topK = 10

    /// Runs every query on both and compares.
    public static func compare(engine: SearchEngine, peer: FTS5Peer, queries: [String], mode: SearchMode) throws -> Report {
        let theirs = try queries.map { try peer.search($0, k: topK + 1, mode: mode) }
        let ours = try queries.map { try engine.search($0, k: topK, mode: mode) }
        return compare(ours: ours, theirs: theirs, queries: queries, mode: mode, k: topK)
    }

    /// Compares results already computed: `ours` top k, `theirs` top k + 1 (to see a tie at the boundary).
    public static func compare(ours allOurs: [[SearchHit]], theirs allTheirs: [[SearchHit]], queries: [String], mode: SearchMode, k: Int) -> Report {
        var report = Report()
        for (index, query) in queries.enumerated() {
            let theirs = allTheirs[index]
            if theirs.count > k, isTied(theirs[k - 1].score, theirs[k].score) { continue }
            let ours = allOurs[index]
            report.untiedQueries += 1
            let expected = Array(theirs.prefix(k))
            if agree(ours, expected) {
                report.agreements += 1
            } else if report.disagreements.count < 5 {
                report.disagreements.append("\(mode) '\(query)': engine \(ours.map { "\($0.id):\($0.score)" }) vs FTS5 \(expected.map { "\($0.id):\($0.score)" })")
            }
        }
        return report
    }

    static func isTied(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

    static func agree(_ ours: [SearchHit], _ theirs: [SearchHit]) -> Bool {
        guard ours.count == theirs.count else { return false }
        for (a, b) in zip(ours, theirs) where a.id != b.id || abs(a.score - b.score) > 1e-6 * abs(b.score) {
            // Equal scores inside the top 10 may round apart by an ulp and swap; accept exactly that.
            guard isTied(a.score, b.score), theirs.contains(where: { $0.id == a.id }) else { return false }
        }
        return true
    }
}
