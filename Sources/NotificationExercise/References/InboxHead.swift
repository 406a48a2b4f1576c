/// What the cache holds for one user: the unread count and the newest entries of the inbox, so
/// both the first pages and the unread count are answered from one key, with the version (the
/// user's write counter) that orders written-through heads. A stale head is a version with no
/// content: a fan-out bumped it without computing every follower's head.
struct InboxHead: Sendable, Hashable {
    /// Entries a head keeps: a page of up to this many (and its next pages within it) is served.
    static let entryLimit = 50

    /// The user's write counter when the head was read (`unread_counts.version`).
    var version: UInt64
    /// False for a marker that only says "version `version` exists: load it".
    var isCurrent = true

    var unreadCount: Int
    /// Newest first, at most `entryLimit`.
    var entries: [InboxEntry]
    /// Whether `entries` is the whole inbox (fewer than `entryLimit` exist).
    var isWhole: Bool

    /// The page `limit`/`before` asks for if this head holds all of it, else nil (ask the shard).
    /// A page goes on after the entry `before` names; an id the head lacks pages by id, which
    /// only a head in id order answers (a time-ordered one asks the shard).
    func page(limit: Int, before: UInt64?) -> [InboxEntry]? {
        let older: [InboxEntry]
        if let before, let index = entries.firstIndex(where: { $0.id == before }) {
            older = Array(entries[(index + 1)...])
        } else if let before {
            guard zip(entries, entries.dropFirst()).allSatisfy({ $0.id > $1.id }) else { return nil }
            older = entries.filter { $0.id < before }
        } else {
            older = entries
        }
        if older.count >= limit { return Array(older.prefix(limit)) }
        return isWhole ? older : nil
    }

    /// A marker that version `version` of the user's inbox exists and must be loaded.
    static func stale(version: UInt64) -> InboxHead {
        var head = InboxHead(version: version, unreadCount: 0, entries: [], isWhole: false)
        head.isCurrent = false
        return head
    }

    /// Compact bytes: the version (big-endian, as `CacheTier.setIfNewer` reads it), a current
    /// flag, unread, whole flag, count, then (id, read flag, payload length, payload) each.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(22 + entries.count * 24)
        withUnsafeBytes(of: version.bigEndian) { bytes += $0 }
        bytes.append(isCurrent ? 1 : 0)
        Self.append(UInt64(unreadCount), to: &bytes)
        bytes.append(isWhole ? 1 : 0)
        Self.append32(UInt32(entries.count), to: &bytes)
        for entry in entries {
            Self.append(entry.id, to: &bytes)
            bytes.append(entry.isRead ? 1 : 0)
            let payload = Array(entry.payload.utf8)
            Self.append32(UInt32(payload.count), to: &bytes)
            bytes += payload
        }
        return bytes
    }

    /// The head `bytes` encodes, or nil for bytes that are not one.
    init?(bytes: [UInt8]) {
        guard bytes.count >= 9 else { return nil }
        let version = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let isCurrent = bytes[8] == 1
        var offset = 9
        guard let unread = Self.read64(bytes, &offset), offset < bytes.count else { return nil }
        let whole = bytes[offset] == 1
        offset += 1
        guard let count = Self.read32(bytes, &offset), count <= Self.entryLimit else { return nil }
        var entries: [InboxEntry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let id = Self.read64(bytes, &offset), offset < bytes.count else { return nil }
            let isRead = bytes[offset] == 1
            offset += 1
            guard let length = Self.read32(bytes, &offset), offset + Int(length) <= bytes.count else { return nil }
            entries.append(InboxEntry(id: id, payload: String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self), isRead: isRead))
            offset += Int(length)
        }
        guard offset == bytes.count else { return nil }
        self.init(version: version, unreadCount: Int(truncatingIfNeeded: unread), entries: entries, isWhole: whole)
        self.isCurrent = isCurrent
    }

    init(version: UInt64, unreadCount: Int, entries: [InboxEntry], isWhole: Bool) {
        self.version = version
        self.unreadCount = unreadCount
        self.entries = entries
        self.isWhole = isWhole
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read64(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        defer { offset += 8 }
        return bytes[offset..<(offset + 8)].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    private static func read32(_ bytes: [UInt8], _ offset: inout Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return bytes[offset..<(offset + 4)].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }
}
