import ExerciseKit

/// One UserService call, as checks draw, run and record it.
public indirect enum UserOperation: Sendable, Hashable, CustomStringConvertible {
    case create(User)
    case get(UInt64)
    case update(User)
    case delete(UInt64)
    case find(String)
    /// Step 1 of write `token` in a concurrent history: the email is reserved for the user, if free.
    case reserve(UInt64, String, token: Int)
    /// Step 2 of write `token`: the write itself; an email its user gave up stays reserved until step 3.
    case write(token: Int, UserOperation)
    /// Step 3 of write `token`: what it reserved or gave up and its user's row does not carry is released.
    case release(UInt64, token: Int)

    public var description: String {
        switch self {
        case .create(let user): "createUser(\(user))"
        case .get(let id): "getUser(\(id))"
        case .update(let user): "updateUser(\(user))"
        case .delete(let id): "deleteUser(\(id))"
        case .find(let email): "findUser(\(email))"
        case .reserve(let id, let email, _): "  (spec step of the call above, may be a no-op: \(email) taken for \(id) if free)"
        case .write(_, let operation): "\(operation)"
        case .release(let id, _): "  (spec step of the call above: what it took or gave up and \(id)'s row lacks is freed)"
        }
    }

    /// Runs the call on `service`: refusals become `.refused`, other errors `.failed`; only an
    /// unwritten stub method (`Unimplemented`) escapes.
    public func run(on service: any UserService) async throws -> UserOutcome {
        do {
            switch self {
            case .create(let user):
                try await service.createUser(user)
                return .done
            case .get(let id):
                return .user(try await service.getUser(id: id))
            case .update(let user):
                try await service.updateUser(user)
                return .done
            case .delete(let id):
                return .deleted(try await service.deleteUser(id: id))
            case .find(let email):
                return .user(try await service.findUser(email: email))
            case .write(_, let operation):
                return try await operation.run(on: service)
            case .reserve, .release:
                return .done
            }
        } catch let error as UserServiceError {
            return .refused(error.code)
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            return .failed("\(error)")
        }
    }
}

/// What a UserService call answered.
public enum UserOutcome: Sendable, Hashable, CustomStringConvertible {
    /// A create or update succeeded.
    case done
    /// A read's answer.
    case user(User?)
    /// A delete's answer: whether there was a user.
    case deleted(Bool)
    /// A refusal with its code.
    case refused(UserServiceError.Code)
    /// Any other error: never allowed.
    case failed(String)

    public var description: String {
        switch self {
        case .done: "ok"
        case .user(let user): user.map { "\($0)" } ?? "nil"
        case .deleted(let existed): "\(existed)"
        case .refused(let code): "refused \(code.rawValue)"
        case .failed(let message): "error: \(message)"
        }
    }
}
