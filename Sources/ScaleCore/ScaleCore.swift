// The shared sharding/replication core, one import for exercises and the CLI. Each concern is its
// own target (as swift-nio splits NIOCore, NIOPosix, …), so a change to one rebuilds only what
// depends on it, and LoadGenerator and Reporting link no SQLite.
@_exported import ScaleCaching
@_exported import ScaleNetwork
@_exported import ScaleQueue
@_exported import ScaleReplication
@_exported import ScaleSharding
@_exported import ScaleStorage
@_exported import ScaleSupport
