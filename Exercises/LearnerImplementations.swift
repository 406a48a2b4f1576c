import BookingExercise
import ExerciseKit
import NotificationExercise
import SearchExercise
import UserExercise

/// Your implementations, registered as `mine` for each exercise. You do not need to edit this file.
public enum LearnerImplementations {
    public static let user = Implementation<any UserService>(
        "mine", "your UserService in Exercises/UserService/MyUserService.swift"
    ) { cluster in try MyUserService(cluster: cluster) }

    public static let notification = Implementation<any NotificationService>(
        "mine", "your NotificationService in Exercises/NotificationService/MyNotificationService.swift"
    ) { cluster in try MyNotificationService(cluster: cluster) }

    public static let booking = Implementation<any BookingService>(
        "mine", "your BookingService in Exercises/Booking/MyBookingService.swift"
    ) { cluster in try MyBookingService(cluster: cluster) }

    public static let search = Implementation<any SearchService>(
        "mine", "your SearchService in Exercises/Search/MySearchService.swift"
    ) { cluster in try MySearchService(cluster: cluster) }
}
