import ExerciseKit
import SearchEngine

/// The SearchService specification as a state machine: the live documents by id. Searches answer
/// what one `SearchEngine` holding them answers (`SearchOracle`), scores within 1e-9 relative.
public struct SearchModel: SpecificationModel {
    public struct State: Hashable, Sendable, CustomStringConvertible {
        public var documents: [UInt64: Document]

        public init(documents: [UInt64: Document] = [:]) { self.documents = documents }

        public var description: String {
            documents.isEmpty ? "no documents" : documents.values.sorted { $0.id < $1.id }.map(SearchText.describe).joined(separator: ", ")
        }
    }

    public var initialState: State { State() }

    public init() {}

    public func apply(_ input: SearchOperation, to state: State) -> (output: SearchOutcome, state: State) {
        var next = state
        switch input {
        case .index(let documents):
            for document in documents { next.documents[document.id] = document }
            return (.done, next)
        case .delete(let id):
            return (.deleted(next.documents.removeValue(forKey: id) != nil), next)
        case .search(let query, let k, let mode):
            do {
                return (.hits(try SearchOracle(documents: state.documents.values).search(query, k: k, mode: mode)), state)
            } catch {
                return (.refused(SearchServiceError(refusing: error)?.code ?? .invalidQuery), state)
            }
        }
    }

    /// Searches are judged with the oracle's tolerance and tie rule; everything else exactly.
    public func accept(_ input: SearchOperation, observed: SearchOutcome, in state: State) -> [State] {
        guard case .search(let query, let k, let mode) = input, case .hits(let hits) = observed else {
            let (expected, next) = apply(input, to: state)
            return expected == observed ? [next] : []
        }
        do {
            let oracle = try SearchOracle(documents: state.documents.values)
            return try oracle.mismatch(hits, query: query, k: k, mode: mode) == nil ? [state] : []
        } catch {
            return []
        }
    }

    public func keys(of input: SearchOperation) -> [String] { ["collection"] }
}
