import ScaleCore

// Declared once: building a kind from a string literal takes the registry's lock on every call.
extension MessageKind {
    static let searchIndex = MessageKind("search-index")
    static let searchDelete = MessageKind("search-delete")
    static let searchStatistics = MessageKind("search-statistics")
    static let searchQuery = MessageKind("search-query")
    static let searchHedge = MessageKind("search-hedge")
    static let cacheLookup = MessageKind("cache-lookup")
    static let cacheStore = MessageKind("cache-store")
    static let cacheInvalidate = MessageKind("cache-invalidate")
}
