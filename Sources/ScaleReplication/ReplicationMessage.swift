import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// What the primary ships to a secondary: the entries after `previousPosition` plus how far the
/// log is committed. Empty `entries` make a heartbeat that still runs the consistency check.
public struct AppendRequest: Sendable, Hashable {
    /// The sender's epoch.
    public var epoch: Epoch
    /// Position of the entry just before `entries`; the secondary must hold the same entry.
    public var previousPosition: LogPosition
    /// Epoch of that entry.
    public var previousEpoch: Epoch
    /// The entries, in position order (empty for a heartbeat).
    public var entries: [LogEntry]
    /// The primary's commit position, so replicas know what is acknowledged.
    public var commitPosition: LogPosition
    /// Every member holds the log up to here, so secondaries may discard it (and its undo records).
    public var everywherePosition: LogPosition

    /// A request carrying `entries` after `(previousPosition, previousEpoch)`.
    public init(epoch: Epoch, previousPosition: LogPosition, previousEpoch: Epoch, entries: [LogEntry], commitPosition: LogPosition, everywherePosition: LogPosition = .zero) {
        self.epoch = epoch
        self.previousPosition = previousPosition
        self.previousEpoch = previousEpoch
        self.entries = entries
        self.commitPosition = commitPosition
        self.everywherePosition = everywherePosition
    }

    /// Position of the last entry carried (the previous position for a heartbeat).
    public var lastPosition: LogPosition {
        entries.last?.position ?? previousPosition
    }
}

/// A secondary's answer to an `AppendRequest`.
public struct AppendResponse: Sendable, Hashable {
    /// How the secondary handled the request.
    public enum Outcome: Sendable, Hashable {
        /// Its log now matches the primary's up to `matchPosition`, and it applied that far.
        case accepted(matchPosition: LogPosition)
        /// The consistency check failed: its log holds `hintEpoch` at `hintPosition` and nothing
        /// above that is known to match; the primary retries from lower down.
        case mismatch(hintPosition: LogPosition, hintEpoch: Epoch)
        /// The request came from an older epoch than the secondary's (`epoch` carries the newer one).
        case staleEpoch
    }

    /// The responder's epoch after handling the request.
    public var epoch: Epoch
    /// Accepted, mismatched, or refused as stale.
    public var outcome: Outcome

    /// A response in `epoch`.
    public init(epoch: Epoch, outcome: Outcome) {
        self.epoch = epoch
        self.outcome = outcome
    }
}

/// A message between members of a replica set.
public enum ReplicationMessage: Sendable, Hashable {
    case append(AppendRequest)
    case appendResponse(AppendResponse)
}
