import ExerciseKit
import Foundation
import SearchEngine
@testable import SearchExercise
import Testing

/// `--set corpus=PATH`: a file's documents load renumbered 1…n like the synthetic corpus, new
/// documents past its end repeat its texts under fresh ids, and a bad file is a usage error.
@Suite(.serialized) struct CorpusFileWorkloadTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFilesDocumentsAreRenumberedAndContinuedPastTheEnd() throws {
        let path = try Self.write("""
            {"id": 70, "title": "red fox", "body": "quick red fox"}
            {"id": 5, "title": "lazy dog", "body": "the lazy dog sleeps"}
            {"id": 9, "title": "blue bird", "body": "a blue bird sings"}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let workload = try SearchWorkload.prepared(documentCount: 2, corpus: path)
        #expect(workload.documents.map(\.id) == [1, 2])
        #expect(workload.documents.map(\.title) == ["red fox", "lazy dog"])
        #expect(!workload.queries.isEmpty)
        let next = workload.document(at: 4)
        #expect(next.id == 5)
        #expect(next.title == "lazy dog", "document 4 repeats the file's second text (4 mod 3 = 1)")
    }

    @Test func aMissingOrEmptyFileIsAUsageErrorThatNamesIt() throws {
        #expect(throws: ExerciseError.self) { try SearchWorkload.fileDocuments(path: "/nonexistent/corpus.jsonl") }
        let empty = try Self.write("\n\n")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        do {
            _ = try SearchWorkload.fileDocuments(path: empty)
            Issue.record("an empty corpus was accepted")
        } catch let error as ExerciseError {
            #expect(error.message.contains(empty))
        }
    }
}
