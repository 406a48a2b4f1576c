import ExerciseKit
import ScaleCore

extension BookingChecks {
    static let bookingSurvivesFailover = Check<any BookingService>(
        "booking-survives-failover",
        "with 3 replicas per shard (sync replication), 4 clients book, the primary of every shard crashes, they book again on the new primaries: every acknowledged booking is still listed and its seats still sold"
    ) { context in
        let cluster = try await context.makeCluster { configuration in
            configuration.replicaCount = 3
            configuration.replication = .sync
        }
        let service = try await context.makeService(on: cluster)
        let history = context.history
        let eventID: UInt64 = 3_001
        try await service.createEvent(event(eventID, sections: 1, rows: 8, perRow: 25))
        let acknowledged = Locked<[Booking]>([])
        let clients = 4
        let perPhase = 12
        // Bookings before the crash, then after the failovers: every one acknowledged must stay.
        for phase in 0..<2 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        for index in 0..<perPhase {
                            let place = (phase * perPhase + index) * clients + client
                            let seats = [seat(0, place / 25, place % 25)]
                            let user = UInt64(client + 1)
                            let hold = try await service.hold(event: eventID, seats: seats, user: user, ttl: longTTL)
                            let booking = try await history.record(client: client, "confirm", "\(hold)") { try await service.confirm(hold, idempotencyKey: "f\(place)") }
                            acknowledged.withLock { $0.append(booking) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            guard phase == 0 else { break }
            let shards = (0..<cluster.configuration.shardCount).map { ShardID($0) }
            let crashed = try shards.map { try cluster.faults.crashPrimary(of: $0) }
            for (shard, node) in zip(shards, crashed) where !(await cluster.faults.waitForNewPrimary(of: shard, awayFrom: node)) {
                throw CheckFailure("shard \(shard.rawValue) elected no new primary after its primary crashed (a cluster problem, not the design's)")
            }
        }
        let booked = acknowledged.value
        try context.require(!booked.isEmpty, "no booking was acknowledged at all, before or after the failovers")
        var lost: [Booking] = []
        for user in Set(booked.map(\.user)).sorted() {
            let listed = Set(try await history.record(client: 0, "bookings", "user \(user)") { try await service.bookings(user: user) })
            lost += booked.filter { $0.user == user && !listed.contains($0) }
        }
        guard lost.isEmpty else {
            throw CheckFailure("\(lost.count) of \(booked.count) acknowledged bookings are gone after the failovers, e.g. \(lost.prefix(3).map(\.description).joined(separator: ", ")): a booking must be durable on the replicas before it is acknowledged")
        }
        let free = try await service.availability(event: eventID).free
        try context.require(free <= 200 - booked.count, "\(booked.count) bookings acknowledged, yet availability says \(free) of 200 seats are free: sold seats came back")
    }
}
