import SearchEngine
import SearchExercise
import Testing

/// The oracle judges ranking as the exercise states it: same ids, scores within 1e-9 relative,
/// exact ties by the smaller id; near-ties may come in either order.
@Suite struct SearchOracleTests {
    /// Four documents: 1 and 2 identical (an exact tie), 3 and 4 weaker.
    static let oracle = try! SearchOracle(documents: [
        Document(id: 2, title: "alpha", body: "beta"),
        Document(id: 1, title: "alpha", body: "beta"),
        Document(id: 3, title: "alpha", body: "gamma delta omega"),
        Document(id: 4, title: "beta", body: "gamma"),
    ])

    @Test func theSingleEngineAnswerMatchesItself() throws {
        let expected = try Self.oracle.search("alpha beta", k: 3, mode: .or)
        #expect(try Self.oracle.mismatch(expected, query: "alpha beta", k: 3, mode: .or) == nil)
    }

    @Test func scoresWithinTheToleranceAreAccepted() throws {
        var hits = try Self.oracle.search("alpha beta", k: 3, mode: .or)
        hits[2].score *= 1 + 1e-12
        #expect(try Self.oracle.mismatch(hits, query: "alpha beta", k: 3, mode: .or) == nil)
        hits[2].score *= 1 + 1e-6
        #expect(try Self.oracle.mismatch(hits, query: "alpha beta", k: 3, mode: .or)?.contains("scored") == true)
    }

    @Test func anExactTieGoesToTheSmallerID() throws {
        let hits = try Self.oracle.search("alpha beta", k: 3, mode: .or)
        #expect(hits.prefix(2).map(\.id) == [1, 2])
        var swapped = hits
        swapped.swapAt(0, 1)
        #expect(try Self.oracle.mismatch(swapped, query: "alpha beta", k: 3, mode: .or)?.contains("smaller id") == true)
    }

    @Test func missingDuplicateAndForeignHitsAreNamed() throws {
        let hits = try Self.oracle.search("alpha beta", k: 3, mode: .or)
        #expect(try Self.oracle.mismatch(Array(hits.prefix(2)), query: "alpha beta", k: 3, mode: .or)?.contains("returned 2 hits") == true)
        #expect(try Self.oracle.mismatch([hits[0], hits[0], hits[2]], query: "alpha beta", k: 3, mode: .or)?.contains("twice") == true)
        let foreign = [hits[0], hits[1], SearchHit(id: 99, score: hits[2].score)]
        #expect(try Self.oracle.mismatch(foreign, query: "alpha beta", k: 3, mode: .or)?.contains("no live document") == true)
        let reordered = [hits[2], hits[0], hits[1]]
        #expect(try Self.oracle.mismatch(reordered, query: "alpha beta", k: 3, mode: .or)?.contains("ranks id") == true)
    }
}
