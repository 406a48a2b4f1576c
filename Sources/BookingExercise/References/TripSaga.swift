import ScaleCore

/// A trip booked as a saga: hold every leg, then confirm every leg; when a step fails, the
/// steps done so far are compensated (bookings cancelled, holds released) before the error is
/// thrown, so no leg stays booked after the trip failed. Compensation retries transient errors.
struct TripSaga {
    let service: ShardedBookingService
    let legs: [TripLeg]
    let user: UInt64
    /// Long enough for the confirms to follow; a crashed saga's holds lapse by themselves.
    static let legHoldTTL = Duration.seconds(60)

    func run() async throws -> [Booking] {
        try BookingLimits.validateTrip(legs)
        var holds: [Hold] = []
        do {
            for leg in legs { holds.append(try await service.hold(event: leg.event, seats: leg.seats, user: user, ttl: Self.legHoldTTL)) }
        } catch {
            await compensate(bookings: [], holds: holds)
            throw error
        }
        var bookings: [Booking] = []
        let tripKey = "trip-\(ShardedBookingService.newID())"
        do {
            for (index, hold) in holds.enumerated() {
                bookings.append(try await service.confirm(hold, idempotencyKey: "\(tripKey)-\(index)"))
            }
        } catch {
            let failed = bookings.count
            // An unknown outcome (lost reply, failover) may have booked: the same key tells.
            if !(error is BookingError), let booked = await replayConfirm(holds[failed], key: "\(tripKey)-\(failed)") {
                bookings.append(booked)
            }
            await compensate(bookings: bookings, holds: Array(holds.dropFirst(failed)))
            throw error
        }
        return bookings
    }

    /// The booking a confirm whose outcome is unknown made, if it made one.
    private func replayConfirm(_ hold: Hold, key: String) async -> Booking? {
        for _ in 0..<ShardedBookingService.compensationAttempts {
            do {
                return try await service.confirm(hold, idempotencyKey: key)
            } catch is BookingError {
                return nil
            } catch {
                continue
            }
        }
        return nil
    }

    /// Cancels `bookings` and releases `holds`; each step retried on errors other than a refusal.
    private func compensate(bookings: [Booking], holds: [Hold]) async {
        for booking in bookings { await retrying { try await service.cancel(booking) } }
        for hold in holds { await retrying { try await service.release(hold) } }
    }

    private func retrying(_ step: () async throws -> Void) async {
        for _ in 0..<ShardedBookingService.compensationAttempts {
            do {
                try await step()
                return
            } catch is BookingError {
                // Refused: already undone (cancelled, released, expired): nothing left to do.
                return
            } catch {
                continue
            }
        }
    }
}
