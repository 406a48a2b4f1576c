/// How hard an exercise is, as the interview-prep literature grades it.
public enum Difficulty: String, Sendable, Codable, CaseIterable {
    case easy, medium, hard
}

/// What the CLI shows about an exercise: its short name, title, difficulty and where its stub lives.
public struct ExerciseDescriptor: Sendable, Hashable {
    /// Name on the command line: `user`, `notification`, `booking`, `search`.
    public var shortName: String
    public var title: String
    public var difficulty: Difficulty
    /// The learner's stub, relative to the repository root.
    public var stubPath: String
    /// The exercise's README, relative to the repository root.
    public var readmePath: String

    public init(shortName: String, title: String, difficulty: Difficulty, stubPath: String, readmePath: String) {
        self.shortName = shortName
        self.title = title
        self.difficulty = difficulty
        self.stubPath = stubPath
        self.readmePath = readmePath
    }
}
