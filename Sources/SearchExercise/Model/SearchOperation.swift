import ExerciseKit
import SearchEngine

/// One SearchService call, as a model-based check draws and prints it.
public enum SearchOperation: Sendable, Hashable, CustomStringConvertible {
    case index([Document])
    case delete(UInt64)
    case search(query: String, k: Int, mode: SearchMode)

    public var description: String {
        switch self {
        case .index(let documents): "index(\(documents.map(SearchText.describe).joined(separator: ", ")))"
        case .delete(let id): "delete(\(id))"
        case .search(let query, let k, let mode): "search(\"\(query)\", k: \(k), \(mode.rawValue))"
        }
    }

    /// Runs the operation on `service`: results and refusals become outcomes; only `Unimplemented`
    /// and errors that are no refusal escape (the check then fails showing them).
    public func run(on service: any SearchService) async throws -> SearchOutcome {
        do {
            switch self {
            case .index(let documents):
                try await service.index(documents)
                return .done
            case .delete(let id):
                return .deleted(try await service.delete(id: id))
            case .search(let query, let k, let mode):
                return .hits(try await service.search(query, k: k, mode: mode))
            }
        } catch let refusal as SearchServiceError {
            return .refused(refusal.code)
        } catch {
            if let refusal = SearchServiceError(refusing: error) { return .refused(refusal.code) }
            throw error
        }
    }
}

/// What a SearchService call answered.
public enum SearchOutcome: Sendable, Hashable, CustomStringConvertible {
    case done
    case deleted(Bool)
    case hits([SearchHit])
    case refused(SearchServiceError.Code)

    public var description: String {
        switch self {
        case .done: "done"
        case .deleted(let found): "\(found)"
        case .hits(let hits): SearchText.describe(hits)
        case .refused(let code): "refused \(code.rawValue)"
        }
    }
}

/// How documents and hits print in a failure's history.
public enum SearchText {
    public static func describe(_ document: Document) -> String {
        "Doc(\(document.id), \"\(document.title)\", \"\(document.body)\")"
    }

    /// The most hits a history line shows.
    public static let shownHits = 12

    /// `[id 7: 1.234567, id 3: 0.881]`: scores to 6 decimals, enough to see a ranking change; past
    /// `shownHits` the rest is counted.
    public static func describe(_ hits: [SearchHit]) -> String {
        let shown = hits.prefix(shownHits).map { "id \($0.id): \(score($0.score))" }
        let more = hits.count > shownHits ? [" … \(hits.count - shownHits) more"] : []
        return "[" + (shown + more).joined(separator: ", ") + "]"
    }

    static func score(_ value: Double) -> String {
        var text = String(value)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 7 {
            text = String(text[..<text.index(dot, offsetBy: 7)])
        }
        return text
    }
}
