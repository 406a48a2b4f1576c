import ExerciseKit

/// The UserService specification as a state machine: user rows by id, and each email reserved by
/// at most one user.
///
/// A sharded design keeps an email's reservation on another shard than the user's row, so a
/// write takes effect in ordered steps within its own time span: reserve the email it needs, write
/// the row, release the emails its user no longer holds. Concurrent clients may see those steps
/// apart (an email taken while no row shows it yet); once the call returns, nothing may remain of
/// them. With `stepwiseWrites` off (one client at a time) every write is one atomic step.
public struct UserModel: SpecificationModel {
    public struct State: Hashable, Sendable, CustomStringConvertible {
        /// Every stored user by id.
        public var users: [UInt64: User]
        /// Who holds each reserved email: a user's own, or one a write in flight took or has not released yet.
        public var reservations: [String: UInt64]
        /// Per write in flight (by its token): the emails its last step must release unless its user's row carries them.
        var owed: [Int: [String]]

        public init(users: [UInt64: User] = [:]) {
            self.users = users
            reservations = Dictionary(uniqueKeysWithValues: users.values.map { ($0.email, $0.id) })
            owed = [:]
        }

        /// The user whose row carries `email`, if any.
        public func holder(of email: String) -> User? { users.values.first { $0.email == email } }

        /// Reservations no row backs: in-flight steps of writes.
        var pending: [(email: String, id: UInt64)] {
            reservations.filter { users[$0.value]?.email != $0.key }.map { ($0.key, $0.value) }.sorted { $0.email < $1.email }
        }

        public var description: String {
            let rows = users.isEmpty ? "no users" : users.values.sorted { $0.id < $1.id }.map(\.description).joined(separator: ", ")
            let held = pending.map { "\($0.email) held for \($0.id)" }
            return held.isEmpty ? rows : rows + "; reserved without a row: " + held.joined(separator: ", ")
        }
    }

    /// Whether a `conflict` refusal (no effect, the caller may retry) is allowed: under concurrency yes, alone no.
    public var allowsConflicts: Bool
    /// Whether writes take effect in steps (concurrent histories) or atomically (one client at a time).
    public var stepwiseWrites: Bool
    public var initialState: State

    public init(allowsConflicts: Bool = false, stepwiseWrites: Bool = false, initialState: State = State()) {
        self.allowsConflicts = allowsConflicts
        self.stepwiseWrites = stepwiseWrites
        self.initialState = initialState
    }

    public func apply(_ input: UserOperation, to state: State) -> (output: UserOutcome, state: State) {
        var next = state
        switch input {
        case .create(let user):
            if let holder = state.reservations[user.email], holder != user.id || state.users[user.id] != nil {
                return (holder == user.id ? .refused(.duplicateID) : .refused(.duplicateEmail), state)
            }
            if state.users[user.id] != nil { return (.refused(.duplicateID), state) }
            next.users[user.id] = user
            next.reservations[user.email] = user.id
        case .get(let id):
            return (.user(state.users[id]), state)
        case .update(let user):
            guard state.users[user.id] != nil else { return (.refused(.notFound), state) }
            if let holder = state.reservations[user.email], holder != user.id { return (.refused(.duplicateEmail), state) }
            next.users[user.id] = user
            next.reservations[user.email] = user.id
        case .delete(let id):
            guard next.users.removeValue(forKey: id) != nil else { return (.deleted(false), state) }
            return (.deleted(true), Self.released([state.users[id]!.email], of: id, in: next))
        case .find(let email):
            return (.user(state.holder(of: email)), state)
        case .reserve(let id, let email, let token):
            guard state.reservations[email] == nil else { return (.done, state) }
            next.reservations[email] = id
            next.owed[token, default: []].append(email)
            return (.done, next)
        case .write(let token, let write):
            let applied = apply(write, to: state)
            var after = applied.state
            // The email the row gave up stays reserved until the write's release step.
            if let before = state.users[write.userID], after.users[write.userID]?.email != before.email {
                after.reservations[before.email] = write.userID
                after.owed[token, default: []].append(before.email)
            }
            return (applied.output, after)
        case .release(let id, let token):
            next.owed[token] = nil
            return (.done, Self.released(state.owed[token] ?? [], of: id, in: next))
        }
        return (.done, Self.released([state.users[input.userID]?.email].compactMap { $0 }, of: input.userID, in: next))
    }

    public func accept(_ input: UserOperation, observed: UserOutcome, in state: State) -> [State] {
        let (expected, next) = apply(input, to: state)
        if observed == expected {
            // A reservation step may also have found nothing to do (the write was refused first).
            if case .reserve = input { return next == state ? [state] : [next, state] }
            return [next]
        }
        guard case .refused(let code) = observed else { return [] }
        let write = if case .write(_, let inner) = input { inner } else { input }
        if code == .conflict, allowsConflicts, write.isWrite { return [state] }
        // Where two refusals apply, the specification does not say which comes first.
        return refusals(write, in: state).contains(code) ? [state] : []
    }

    public func keys(of input: UserOperation) -> [String] {
        switch input {
        case .create(let user), .update(let user): ["id:\(user.id)", "email:\(user.email)"]
        case .reserve(let id, let email, _): ["id:\(id)", "email:\(email)"]
        case .get(let id), .delete(let id), .release(let id, _): ["id:\(id)"]
        case .find(let email): ["email:\(email)"]
        case .write(_, let write): keys(of: write)
        }
    }

    public func restrict(_ state: State, to keys: Set<String>) -> State {
        var restricted = state
        restricted.users = state.users.filter { keys.contains("id:\($0.key)") || keys.contains("email:\($0.value.email)") }
        restricted.reservations = state.reservations.filter { keys.contains("email:\($0.key)") || keys.contains("id:\($0.value)") }
        return restricted
    }

    public func expand(_ operation: TimedOperation<UserOperation, UserOutcome>) -> [TimedOperation<UserOperation, UserOutcome>] {
        guard stepwiseWrites else { return [operation] }
        let token = operation.sequence
        func step(_ input: UserOperation, _ output: UserOutcome = .done) -> TimedOperation<UserOperation, UserOutcome> {
            var step = operation
            step.input = input
            step.output = output
            return step
        }
        switch operation.input {
        case .create(let user), .update(let user):
            return [step(.reserve(user.id, user.email, token: token)), step(.write(token: token, operation.input), operation.output), step(.release(user.id, token: token))]
        case .delete(let id):
            return [step(.write(token: token, operation.input), operation.output), step(.release(id, token: token))]
        case .get, .find, .reserve, .write, .release:
            return [operation]
        }
    }

    /// `state` with those of `emails` released that `id` holds and its row does not carry.
    static func released(_ emails: [String], of id: UInt64, in state: State) -> State {
        var next = state
        for email in emails where state.reservations[email] == id && state.users[id]?.email != email {
            next.reservations[email] = nil
        }
        return next
    }

    /// Every refusal the specification allows for `input` in `state`.
    private func refusals(_ input: UserOperation, in state: State) -> Set<UserServiceError.Code> {
        var codes: Set<UserServiceError.Code> = []
        switch input {
        case .create(let user):
            if state.users[user.id] != nil { codes.insert(.duplicateID) }
            if let holder = state.reservations[user.email], holder != user.id || state.users[user.id] != nil { codes.insert(.duplicateEmail) }
        case .update(let user):
            if state.users[user.id] == nil { codes.insert(.notFound) }
            // Stepwise, an update's retries may have released the email it held and lost it to another
            // writer meanwhile; a create is never refused for an email only it holds (that hides leaks).
            if let holder = state.reservations[user.email], holder != user.id || stepwiseWrites { codes.insert(.duplicateEmail) }
        case .get, .delete, .find, .reserve, .write, .release:
            break
        }
        return codes
    }
}

extension UserOperation {
    /// Creates, updates and deletes: the calls that may report a retryable conflict.
    var isWrite: Bool {
        switch self {
        case .create, .update, .delete: true
        case .get, .find, .reserve, .write, .release: false
        }
    }

    /// The user a write concerns.
    var userID: UInt64 {
        switch self {
        case .create(let user), .update(let user): user.id
        case .get(let id), .delete(let id), .release(let id, _), .reserve(let id, _, _): id
        case .write(_, let write): write.userID
        case .find: 0
        }
    }
}
