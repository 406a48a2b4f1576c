@testable import BookingExercise
import ExerciseKit
import ScaleCore
import Testing

/// The reference's waiting room lets N buyers in at a time, in order of arrival, tells the others
/// their place, and gives a leaver's place to the next in line.
@Suite struct WaitingRoomTests {
    static let event = Event(id: 7, name: "Hot", sections: [Section(rowCount: 2, seatsPerRow: 4)])

    /// A cluster with `event` created by a waiting-room design admitting `admittedMax`.
    static func withRoom(
        admitting admittedMax: Int, placement: HotEventPlacement = .waitingRoom, replicated: Bool = false,
        _ body: (ShardedBookingService, Cluster) async throws -> Void
    ) async throws {
        var configuration = ClusterConfiguration(shardCount: 2, storageMode: .memory)
        if replicated {
            configuration.replicaCount = 3
            configuration.replication = .sync
        }
        let cluster = try await Cluster.start(configuration, migrations: BookingSchema.migrations)
        do {
            let service = try ShardedBookingService(cluster: cluster, design: BookingDesign(placement: placement, waitingRoomAdmittedMax: admittedMax))
            try await service.createEvent(event)
            try await body(service, cluster)
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    @Test func letsNInAtATimeAndTellsTheRestTheirPlace() async throws {
        try await Self.withRoom(admitting: 2) { room, _ in
            var tickets: [WaitingRoomTicket] = []
            for user in 1...5 as ClosedRange<UInt64> { tickets.append(try await room.enterWaitingRoom(event: Self.event.id, user: user)) }
            #expect(tickets.map(\.position) == [0, 0, 1, 2, 3])
            #expect(tickets.dropFirst(2).allSatisfy { $0.retryAfterNanos > 0 })
            #expect(try await room.waitingRoomStatus(tickets[2]).position == 1)

            try await room.leaveWaitingRoom(tickets[0])
            #expect(try await room.waitingRoomStatus(tickets[2]).isAdmitted)
            #expect(try await room.waitingRoomStatus(tickets[3]).position == 1)
            #expect(try await room.waitingRoomStatus(tickets[4]).position == 2)

            // A waiting buyer who gives up leaves no gap in the line behind them.
            try await room.leaveWaitingRoom(tickets[3])
            #expect(try await room.waitingRoomStatus(tickets[4]).position == 1)
            try await room.leaveWaitingRoom(tickets[1])
            #expect(try await room.waitingRoomStatus(tickets[4]).isAdmitted)

            try await room.leaveWaitingRoom(tickets[0])
            let gone = await #expect(throws: BookingError.self) { _ = try await room.waitingRoomStatus(tickets[0]) }
            #expect(gone?.code == .unknownTicket)
        }
    }

    @Test func aRetriedEntryKeepsTheBuyersPlace() async throws {
        try await Self.withRoom(admitting: 1) { room, _ in
            let first = try await room.enterWaitingRoom(event: Self.event.id, user: 1)
            let second = try await room.enterWaitingRoom(event: Self.event.id, user: 2)
            let secondAgain = try await room.enterWaitingRoom(event: Self.event.id, user: 2)
            #expect(secondAgain.id == second.id)
            #expect(secondAgain.position == 1)
            #expect(try await room.enterWaitingRoom(event: Self.event.id, user: 1) == first)
            // The retry took no place: the next buyer is second in line, not third.
            #expect(try await room.enterWaitingRoom(event: Self.event.id, user: 3).position == 2)
            try await room.leaveWaitingRoom(first)
            #expect(try await room.waitingRoomStatus(second).isAdmitted)
        }
    }

    @Test func anEntryRetriedAfterAFailoverKeepsItsTicket() async throws {
        try await Self.withRoom(admitting: 1, replicated: true) { room, cluster in
            let first = try await room.enterWaitingRoom(event: Self.event.id, user: 1)
            let second = try await room.enterWaitingRoom(event: Self.event.id, user: 2)
            // The room's primary crashes after acknowledging both entries; buyer 2 never saw its reply and asks again.
            let shard = try cluster.shardMap().route(for: room.roomKey(Self.event.id)).writeShard
            let crashed = try cluster.faults.crashPrimary(of: shard)
            #expect(await cluster.faults.waitForNewPrimary(of: shard, awayFrom: crashed))
            let retried = try await room.enterWaitingRoom(event: Self.event.id, user: 2)
            #expect(retried.id == second.id)
            #expect(retried.position == 1)
            #expect(try await room.waitingRoomStatus(first).isAdmitted)
        }
    }

    @Test func aTicketIsItsUsersAndItsEventsOnly() async throws {
        try await Self.withRoom(admitting: 1) { room, _ in
            let ticket = try await room.enterWaitingRoom(event: Self.event.id, user: 1)
            var stolen = ticket
            stolen.user = 2
            let stolenError = await #expect(throws: BookingError.self) { _ = try await room.waitingRoomStatus(stolen) }
            #expect(stolenError?.code == .unknownTicket)
            let unknown = await #expect(throws: BookingError.self) { _ = try await room.enterWaitingRoom(event: 8, user: 1) }
            #expect(unknown?.code == .unknownEvent)
        }
    }

    @Test func designsWithoutARoomAdmitAtOnce() async throws {
        try await Self.withRoom(admitting: 1, placement: .oneShard) { service, _ in
            let tickets = [try await service.enterWaitingRoom(event: Self.event.id, user: 1), try await service.enterWaitingRoom(event: Self.event.id, user: 2)]
            #expect(tickets.allSatisfy { $0.isAdmitted && $0.id == 0 })
        }
    }

    @Test func retryHintsGrowWithThePlaceWithinLimits() {
        let stay: UInt64 = 400_000
        let hints = [1, 10, 100, 1_000_000].map { WaitingRoomRows.retryAfterNanos(position: $0, stayNanos: stay, admittedMax: 8) }
        #expect(hints == hints.sorted())
        #expect(hints.first == 50_000)
        #expect(hints.last == 1_000_000_000)
        #expect(hints[1] == 10 * stay / 8 / 4 * 3)
    }
}
