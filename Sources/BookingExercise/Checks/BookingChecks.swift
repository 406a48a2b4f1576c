import ExerciseKit
import ScaleCore

/// The named properties every BookingService must have, in the order `scalebench check booking` runs them.
public enum BookingChecks {
    public static let all: [Check<any BookingService>] = [
        badInputRefused,
        cancelFreesSeat,
        expiredHoldFreesSeats,
        idempotentConfirm,
        bookingOnlyForHeldSeats,
        failedTripLeavesNoLeg,
        matchesModel,
        statelessServiceTier,
        noSeatSoldTwice,
        confirmedWithinCapacity,
        bookingSurvivesFailover,
    ]

    /// A hold that outlives any check.
    static let longTTL = Duration.seconds(3_600)

    /// An event of `sections` sections of `rows` rows of `perRow` seats.
    static func event(_ id: UInt64, sections: Int = 2, rows: Int = 2, perRow: Int = 4) -> Event {
        Event(id: id, name: "Check event \(id)", sections: Array(repeating: Section(rowCount: rows, seatsPerRow: perRow), count: sections))
    }

    /// Seat `number` of row `row` in section `section`.
    static func seat(_ section: Int, _ row: Int, _ number: Int) -> Seat { Seat(section: section, row: row, number: number) }
}

extension CheckContext where Service == any BookingService {
    /// Requires `body` to throw a `BookingError` with one of `codes`.
    func expectRefusal<T>(_ codes: Set<BookingError.Code>, _ what: String, _ body: () async throws -> T) async throws {
        let names = codes.map(\.rawValue).sorted().joined(separator: " or ")
        do {
            let value = try await body()
            throw CheckFailure("\(what): expected a \(names) error, but the call succeeded and returned \(value)")
        } catch let error as BookingError where codes.contains(error.code) {
            return
        } catch let failure as CheckFailure {
            throw failure
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            throw CheckFailure("\(what): expected a \(names) error, got \(error)")
        }
    }

    func expectRefusal<T>(_ code: BookingError.Code, _ what: String, _ body: () async throws -> T) async throws {
        try await expectRefusal([code], what, body)
    }

    /// Requires the free seats of `event` to be `expected` per section.
    func requireFree(_ service: any BookingService, event: UInt64, _ expected: [Int], _ when: String) async throws {
        let free = try await history.record(client: 0, "availability", "event \(event)") { try await service.availability(event: event) }
        try require(free.freeBySection == expected, "\(when), availability(event \(event)) says free \(free.freeBySection); expected \(expected)")
    }
}
