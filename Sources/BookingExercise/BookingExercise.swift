import ExerciseKit
import LoadGenerator
import ScaleCore

/// Exercise 3: "Never sell a seat twice."
public enum BookingExercise {
    public static let descriptor = ExerciseDescriptor(
        shortName: "booking", title: "Booking system with sharding + replication", difficulty: .medium,
        stubPath: "Exercises/Booking/MyBookingService.swift", readmePath: "Exercises/Booking/README.md"
    )

    /// The `claim` design option.
    public static let claimOption = DesignOption(
        name: "claim", summary: "how a hold claims a seat: a conditional UPDATE, or read-then-update in the one write transaction",
        values: ClaimStyle.allCases.map(\.rawValue), defaultValue: ClaimStyle.conditional.rawValue
    )

    /// The `hot-event` design option.
    public static let hotEventOption = DesignOption(
        name: "hot-event", summary: "where an event's seats live: all on the event's shard, each section on its own shard, or on the event's shard behind a waiting room that lets --set waiting-room-admitted buyers in at a time",
        values: HotEventPlacement.allCases.map(\.rawValue), defaultValue: HotEventPlacement.oneShard.rawValue
    )

    /// The `availability` design option.
    public static let availabilityOption = DesignOption(
        name: "availability", summary: "who answers availability: the shard's primary, or any replica (may be stale)",
        values: AvailabilitySource.allCases.map(\.rawValue), defaultValue: AvailabilitySource.primary.rawValue
    )

    /// The `waiting-room-admitted` design option: how many buyers a waiting room lets in at once.
    public static let waitingRoomAdmittedOption = DesignOption(
        name: "waiting-room-admitted", summary: "buyers the waiting room (hot-event=waiting-room) lets in at once: fewer wait longer but race less for the same seats",
        values: ["1", "2", "4", "8", "16", "32", "64", "128", "256"], defaultValue: String(BookingDesign.waitingRoomAdmittedDefault)
    )

    public static let designOptions = [claimOption, hotEventOption, availabilityOption, waitingRoomAdmittedOption]

    /// The reference designs, `reference` first.
    public static let references: [Implementation<any BookingService>] = [
        sharded("reference", "events sharded by id, holds and confirms on the primary; --set claim, hot-event, availability, waiting-room-admitted (default conditional, one-shard, primary, 8)"),
        sharded("transaction-claim", "seats claimed by read-then-update inside the write transaction", claim: .transaction),
        sharded("split-sections", "each section of an event on its own shard (shard key: event, section)", placement: .splitSections),
        sharded("waiting-room", "the event's seats on its shard behind a virtual waiting room: --set waiting-room-admitted buyers (default \(BookingDesign.waitingRoomAdmittedDefault)) in at a time, the rest told their place", placement: .waitingRoom),
        sharded("replica-availability", "availability read from any replica", availability: .replica),
    ]

    /// The exercise with the learner's implementation registered as `mine`.
    public static func definition(mine: Implementation<any BookingService>) -> ExerciseDefinition<any BookingService> {
        ExerciseDefinition(
            descriptor: descriptor,
            implementations: [mine] + references,
            checks: BookingChecks.all,
            scenarios: BookingScenarios.all,
            migrations: BookingSchema.migrations,
            floor: BookingFloor.spec,
            checkCluster: ClusterConfiguration(shardCount: 4, storageMode: .memory, partitioner: "ring"),
            designOptions: designOptions,
            defaultSweep: BookingSweep.defaultSweep
        )
    }

    static func sharded(
        _ name: String, _ summary: String, claim: ClaimStyle? = nil, placement: HotEventPlacement? = nil, availability: AvailabilitySource? = nil
    ) -> Implementation<any BookingService> {
        Implementation(name, summary) { cluster in
            let options = cluster.configuration.options
            let design = BookingDesign(
                claim: try claim ?? claimOption.value(in: options, ClaimStyle.init(rawValue:)),
                placement: try placement ?? hotEventOption.value(in: options, HotEventPlacement.init(rawValue:)),
                availability: try availability ?? availabilityOption.value(in: options, AvailabilitySource.init(rawValue:)),
                waitingRoomAdmittedMax: try waitingRoomAdmittedOption.value(in: options) { text in
                    waitingRoomAdmittedOption.values.contains(text) ? Int(text) : nil
                }
            )
            return try ShardedBookingService(cluster: cluster, design: design)
        }
    }
}
