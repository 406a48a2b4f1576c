import Foundation

/// Loads a user's corpus: JSON Lines (`{"id": 1, "title": "…", "body": "…"}`) or plain text (one
/// document per line, its line number as id). Bad lines (invalid UTF-8, NUL bytes, bad JSON, a
/// missing or negative id, a duplicate id) are skipped and reported with their line number.
public enum CorpusLoader {
    /// The file's format.
    public enum Format: Sendable, Hashable {
        case jsonLines
        case plainText

        /// `.jsonl`/`.ndjson`/`.json` files are JSON Lines; anything else is plain text.
        public static func guess(path: String) -> Format {
            let lowered = path.lowercased()
            return [".jsonl", ".ndjson", ".json"].contains(where: lowered.hasSuffix) ? .jsonLines : .plainText
        }
    }

    /// One skipped line.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number.
        public var line: Int
        /// What is wrong with the line and how to fix it.
        public var reason: String
        /// "line N: reason".
        public var description: String { "line \(line): \(reason)" }
    }

    /// The loaded documents and every skipped line.
    public struct Loaded: Sendable {
        /// The good documents, in file order.
        public var documents: [Document]
        /// Every skipped line.
        public var problems: [Problem]
    }

    /// The longest line accepted.
    public static let maxLineBytes = 16 << 20

    /// Reads `path`; throws only if the file cannot be read at all.
    public static func load(path: String, format: Format? = nil, limit: Int = SyntheticCorpus.maxDocuments) throws -> Loaded {
        let bytes = try readFile(path)
        return parse(bytes, format: format ?? .guess(path: path), limit: limit)
    }

    /// Parses file contents.
    public static func parse(_ bytes: [UInt8], format: Format, limit: Int = SyntheticCorpus.maxDocuments) -> Loaded {
        var loaded = Loaded(documents: [], problems: [])
        var seen = Set<UInt64>()
        forEachLine(bytes) { number, line in
            guard loaded.documents.count < limit else {
                loaded.problems.append(Problem(line: number, reason: "past the \(limit)-document limit; split the corpus"))
                return false
            }
            switch decodeLine(line) {
            case .failure(let problem):
                loaded.problems.append(Problem(line: number, reason: problem))
            case .success(let text):
                if text.allSatisfy(\.isWhitespace) { return true }
                let result = format == .jsonLines ? document(json: text) : .success(Document(id: UInt64(number), title: "", body: text))
                switch result {
                case .failure(let problem): loaded.problems.append(Problem(line: number, reason: problem))
                case .success(let document):
                    if seen.insert(document.id).inserted {
                        loaded.documents.append(document)
                    } else {
                        loaded.problems.append(Problem(line: number, reason: "duplicate id \(document.id); ids must be unique"))
                    }
                }
            }
            return true
        }
        return loaded
    }

    /// Reads a query file: one query per line; blank lines skipped, bad lines reported.
    public static func loadQueries(path: String, limit: Int) throws -> (queries: [String], problems: [Problem]) {
        let bytes = try readFile(path)
        var queries: [String] = []
        var problems: [Problem] = []
        forEachLine(bytes) { number, line in
            switch decodeLine(line) {
            case .failure(let problem): problems.append(Problem(line: number, reason: problem))
            case .success(let text) where !text.allSatisfy(\.isWhitespace): queries.append(text)
            default: break
            }
            return queries.count < limit
        }
        return (queries, problems)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SearchEngineError(.storage, "cannot read '\(path)'; check the path and its permissions")
        }
        return [UInt8](data)
    }

    /// Calls `body` with each line (1-based number, bytes without the newline or a trailing CR) until it returns false.
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, ArraySlice<UInt8>) -> Bool) {
        var start = 0
        var number = 1
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            guard body(number, line) else { return }
            start = end + 1
            number += 1
        }
    }

    private enum LineResult<T> {
        case success(T)
        case failure(String)
    }

    private static func decodeLine(_ line: ArraySlice<UInt8>) -> LineResult<String> {
        if line.count > maxLineBytes { return .failure("longer than \(maxLineBytes) bytes; split the document") }
        if line.contains(0) { return .failure("contains a NUL byte; remove it") }
        guard let text = String(validating: line, as: UTF8.self) else { return .failure("is not valid UTF-8; re-encode the file as UTF-8") }
        return .success(text)
    }

    private static func document(json text: String) -> LineResult<Document> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return .failure("is not a JSON object; write {\"id\": 1, \"title\": \"…\", \"body\": \"…\"}")
        }
        guard let number = object["id"] as? NSNumber, let id = UInt64(exactly: number.doubleValue), id < 1 << 63,
              String(describing: object["id"]!) == String(id) else {
            return .failure("\"id\" must be a whole number in 0..<2^63")
        }
        guard (object["title"] == nil || object["title"] is String), (object["body"] == nil || object["body"] is String) else {
            return .failure("\"title\" and \"body\" must be strings")
        }
        return .success(Document(id: id, title: object["title"] as? String ?? "", body: object["body"] as? String ?? ""))
    }
}
