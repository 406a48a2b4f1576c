/// How a seat claim checks that a seat is free (`--set claim`).
public enum ClaimStyle: String, Sendable, CaseIterable {
    /// `UPDATE seats … WHERE status = free`: the condition and the write are one statement.
    case conditional
    /// Read the seat, then update it, inside the one write transaction (`BEGIN IMMEDIATE`).
    case transaction
}

/// Where an event's seats live (`--set hot-event`).
public enum HotEventPlacement: String, Sendable, CaseIterable {
    /// Every seat of an event on the event's shard: one hot event, one busy shard.
    case oneShard = "one-shard"
    /// Each section on the shard of (event, section): a hot event's load spreads over shards.
    case splitSections = "split-sections"
    /// Every seat on the event's shard, behind a virtual waiting room that lets
    /// `BookingDesign.waitingRoomAdmittedMax` buyers in at a time and tells the rest their place.
    case waitingRoom = "waiting-room"
}

/// Who answers `availability` (`--set availability`).
public enum AvailabilitySource: String, Sendable, CaseIterable {
    /// The shard's primary: never stale, and on the same node as every claim.
    case primary
    /// Any replica (`reads: .any`): spreads the browsing load, may be stale (counted).
    case replica
}

/// One reference design: how it claims seats, places a hot event, and answers availability.
public struct BookingDesign: Sendable, Hashable {
    public var claim: ClaimStyle
    public var placement: HotEventPlacement
    public var availability: AvailabilitySource
    /// Buyers a waiting room lets in at once (`hot-event=waiting-room`).
    public var waitingRoomAdmittedMax: Int
    /// What the registered designs let in at once.
    public static let waitingRoomAdmittedDefault = 8
    /// The most a design may let in at once: the limit of `waitingRoomAdmittedMax`.
    public static let waitingRoomAdmittedLimit = 10_000

    public init(
        claim: ClaimStyle = .conditional, placement: HotEventPlacement = .oneShard, availability: AvailabilitySource = .primary, waitingRoomAdmittedMax: Int = waitingRoomAdmittedDefault
    ) {
        self.claim = claim
        self.placement = placement
        self.availability = availability
        self.waitingRoomAdmittedMax = min(Self.waitingRoomAdmittedLimit, max(1, waitingRoomAdmittedMax))
    }
}
