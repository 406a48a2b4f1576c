/// A folder under `Results/`: `<commit>` for a clean tree, `<commit>-dirty` for uncommitted changes.
struct CommitDirectory: Hashable, Sendable {
    static let dirtySuffix = "-dirty"

    var commit: String
    var dirty: Bool

    init(commit: String, dirty: Bool) {
        self.commit = commit
        self.dirty = dirty
    }

    /// Parses a folder name; nil for names that cannot be a commit folder (hidden, empty).
    init?(name: String) {
        guard !name.isEmpty, !name.hasPrefix(".") else { return nil }
        if name.hasSuffix(Self.dirtySuffix) {
            let commit = String(name.dropLast(Self.dirtySuffix.count))
            guard !commit.isEmpty else { return nil }
            self.init(commit: commit, dirty: true)
        } else {
            self.init(commit: name, dirty: false)
        }
    }

    var name: String { dirty ? commit + Self.dirtySuffix : commit }

    var shortLabel: String {
        let short = String(commit.prefix(7))
        return dirty ? short + Self.dirtySuffix : short
    }
}
