import ScaleCore
import SearchEngine
import Testing
@testable import SearchExercise

/// The first success wins; a slow primary is overtaken by its hedge; a failed one fails over.
@Suite struct HedgedRequestTests {
    struct Refused: Error {}

    @Test func aFastPrimaryNeedsNoHedge() async throws {
        let sent = Locked(0)
        let result = try await HedgedRequest.run(
            delayNanos: 50_000_000, primary: { 1 }, hedge: { 2 }, onHedgeSent: { sent.withLock { $0 += 1 } }
        )
        #expect(result.reply == 1 && !result.hedgeWon)
        #expect(sent.value == 0)
    }

    @Test func aSlowPrimaryIsOvertakenByTheHedge() async throws {
        let sent = Locked(0)
        let result = try await HedgedRequest.run(
            delayNanos: 1_000_000,
            primary: {
                await PreciseSleeper.shared.sleep(nanos: 200_000_000)
                return 1
            },
            hedge: { 2 },
            onHedgeSent: { sent.withLock { $0 += 1 } }
        )
        #expect(result.reply == 2 && result.hedgeWon)
        #expect(sent.value == 1)
    }

    @Test func aFailedPrimaryFailsOverWithoutWaiting() async throws {
        let result = try await HedgedRequest.run(delayNanos: nil, primary: { throw Refused() }, hedge: { 7 }, onHedgeSent: {})
        #expect(result.reply == 7 && result.hedgeWon)
    }

    @Test func bothFailingThrows() async throws {
        await #expect(throws: Refused.self) {
            try await HedgedRequest.run(delayNanos: nil, primary: { () async throws -> Int in throw Refused() }, hedge: { throw Refused() }, onHedgeSent: {})
        }
    }

    static func ranked(_ a: SearchHit, _ b: SearchHit) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    @Test func theMergeEqualsSortingEveryHit() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            var lists: [[SearchHit]] = []
            for _ in 0..<Int(generator.next() % 6) {
                var list: [SearchHit] = []
                for _ in 0..<Int(generator.next() % 8) {
                    list.append(SearchHit(id: generator.next() % 1_000, score: Double(generator.next() % 5)))
                }
                lists.append(list.sorted(by: Self.ranked))
            }
            let k = 1 + Int(generator.next() % 10)
            let everything: [SearchHit] = lists.flatMap { $0 }.sorted(by: Self.ranked)
            #expect(TopKMerge.merge(lists, k: k) == Array(everything.prefix(k)))
        }
    }
}
