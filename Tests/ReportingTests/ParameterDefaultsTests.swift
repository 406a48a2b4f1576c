import Foundation
@testable import Reporting
import Testing

/// A knob added between two runs: the older file's cells ran at its default, which the newer file
/// records, so `compare` still pairs them; floor rows that never had the knob stay as they are.
@Suite struct ParameterDefaultsTests {
    static let run = Fixtures.runResult()

    @Test func aCellFromBeforeAKnobExistedMatchesTheKnobsDefault() throws {
        let base = ResultSet(label: "base", files: [Fixtures.stored(Fixtures.file(cells: [
            Fixtures.cell([("suite", "user"), ("impl", "reference"), ("shards", "4")], Self.run),
            Fixtures.cell([("suite", "user"), ("impl", "floor"), ("storage", "file")], Self.run),
        ]))])
        var newer = Fixtures.file(commit: String(repeating: "b", count: 40), cells: [
            Fixtures.cell([("suite", "user"), ("impl", "reference"), ("shards", "4"), ("cache-nodes", "0")], Self.run),
            Fixtures.cell([("suite", "user"), ("impl", "reference"), ("shards", "4"), ("cache-nodes", "2")], Self.run),
            Fixtures.cell([("suite", "user"), ("impl", "floor"), ("storage", "file")], Self.run),
        ])
        newer.parameterDefaults = ["user": ["shards": "4", "cache-nodes": "0", "storage": "file"]]
        let head = ResultSet(label: "head", files: [Fixtures.stored(newer)])
        let comparison = try ResultComparison(base: base, head: head)
        #expect(comparison.cells.map(\.key.configurationLabel).sorted() == [
            "suite=user impl=floor storage=file", "suite=user impl=reference shards=4 cache-nodes=0",
        ])
        #expect(comparison.onlyInHead.map(\.configurationLabel) == ["suite=user impl=reference shards=4 cache-nodes=2"])
        #expect(comparison.onlyInBase.isEmpty)
    }

    @Test func withoutRecordedDefaultsNothingIsGuessed() throws {
        let base = Fixtures.set("base", cells: [Fixtures.cell([("suite", "user"), ("impl", "reference")], Self.run)])
        let head = Fixtures.set("head", cells: [
            Fixtures.cell([("suite", "user"), ("impl", "reference")], Self.run),
            Fixtures.cell([("suite", "user"), ("impl", "reference"), ("cache-nodes", "0")], Self.run),
        ])
        let comparison = try ResultComparison(base: base, head: head)
        #expect(comparison.onlyInHead.count == 1)
    }

    @Test func theDefaultsSurviveTheFileRoundTrip() throws {
        var file = Fixtures.file(cells: [Fixtures.cell([("suite", "user")], Self.run)])
        file.parameterDefaults = ["user": ["replicas": "1"]]
        let decoded = try JSONDecoder().decode(ResultFile.self, from: JSONEncoder().encode(file))
        #expect(decoded.parameterDefaults == ["user": ["replicas": "1"]])
        let older = try JSONDecoder().decode(ResultFile.self, from: JSONEncoder().encode(Fixtures.file(cells: [])))
        #expect(older.parameterDefaults == nil)
    }
}
