@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A latch tests open by hand: tasks waiting on it resume when it opens.
final class QueueTestLatch: Sendable {
    private let state = Locked<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A thread-safe list tests append to from handlers.
final class QueueTestLog<Element: Sendable>: Sendable {
    private let items = Locked<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}

/// A work-queue fixture: a node with an `effects` table that transactional effects bump.
struct QueueFixture {
    let node: StorageNode
    let folder: StorageTestFolder?

    /// An in-memory node, or a file node in a fresh temporary folder.
    init(onDisk: Bool = false) throws {
        if onDisk {
            let folder = try StorageTestFolder()
            self.folder = folder
            node = try StorageNode(name: "queue", options: folder.options("queue"))
        } else {
            folder = nil
            node = try StorageNode(name: "queue", options: .memory)
        }
        try node.write { try $0.execute("CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY, count INTEGER NOT NULL)") }
    }

    /// An effect adding one to `key`'s count, in the completion transaction.
    static func bump(_ key: String) -> WorkEffect {
        .transaction { connection in
            try connection.run("INSERT INTO effects (key, count) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET count = count + 1", key)
        }
    }

    func effectCount(_ key: String) throws -> Int {
        try node.read { try $0.queryOne("SELECT count FROM effects WHERE key = ?", key, row: { Int($0.int64(at: 0)) }) } ?? 0
    }

    func totalEffects() throws -> Int {
        try node.read { try $0.queryOne("SELECT COALESCE(SUM(count), 0) FROM effects", row: { Int($0.int64(at: 0)) }) } ?? 0
    }

    func remove() {
        node.close()
        folder?.remove()
    }
}

/// A payload carrying `text`.
func payload(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The text in `payload`.
func text(_ payload: [UInt8]) -> String { String(decoding: payload, as: UTF8.self) }
