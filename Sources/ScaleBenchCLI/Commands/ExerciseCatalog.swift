import ArgumentParser
import BookingExercise
import Exercises
import ExerciseKit
import NotificationExercise
import SearchExercise
import UserExercise

/// The exercises the CLI knows, each with the learner's `mine` registered.
enum ExerciseCatalog {
    static let all: [any AnyExercise] = [
        UserExercise.definition(mine: LearnerImplementations.user),
        NotificationExercise.definition(mine: LearnerImplementations.notification),
        BookingExercise.definition(mine: LearnerImplementations.booking),
        SearchExercise.definition(mine: LearnerImplementations.search),
    ]

    static var names: [String] { all.map(\.descriptor.shortName) }

    /// The exercise named `name`, or a usage error listing the names.
    static func named(_ name: String) throws -> any AnyExercise {
        guard let exercise = all.first(where: { $0.descriptor.shortName == name }) else {
            throw ValidationError("unknown exercise '\(name)'; use one of \(names.joined(separator: ", "))")
        }
        return exercise
    }

    static func isExercise(_ name: String) -> Bool { names.contains(name) }
}
