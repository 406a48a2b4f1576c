import BookingExercise
import ExerciseKit
import UserExercise

/// Your implementations, registered as `mine` for each exercise. You do not need to edit this file.
public enum LearnerImplementations {
    public static let user = Implementation<any UserService>(
        "mine", "your UserService in Exercises/UserService/MyUserService.swift"
    ) { cluster in try MyUserService(cluster: cluster) }

    public static let booking = Implementation<any BookingService>(
        "mine", "your BookingService in Exercises/Booking/MyBookingService.swift"
    ) { cluster in try MyBookingService(cluster: cluster) }
}
