#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads jemalloc's `stats.*` through `mallctl`, found at run time with `dlsym` so binaries that
/// do not link jemalloc (test runners) simply get nil figures.
public enum JemallocStats {
    private typealias Mallctl = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
    ) -> Int32

    /// Allocated and resident bytes now (after refreshing jemalloc's cached stats).
    public static func current() -> MemoryStats {
        guard let mallctl = lookUpMallctl() else { return MemoryStats(allocatedBytes: nil, residentBytes: nil) }
        // Stats are cached per epoch; bumping it refreshes them.
        var epoch: UInt64 = 1
        _ = mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size)
        return MemoryStats(allocatedBytes: read("stats.allocated", mallctl), residentBytes: read("stats.resident", mallctl))
    }

    /// The calling thread's running total of bytes it allocated (jemalloc `thread.allocatedp`);
    /// the counter lives as long as the thread. Nil when jemalloc is not the allocator.
    public static func threadAllocatedCounter() -> UnsafePointer<UInt64>? {
        guard let mallctl = lookUpMallctl() else { return nil }
        var pointer: UnsafeMutablePointer<UInt64>?
        var size = MemoryLayout<UnsafeMutablePointer<UInt64>?>.size
        guard mallctl("thread.allocatedp", &pointer, &size, nil, 0) == 0, let pointer else { return nil }
        return UnsafePointer(pointer)
    }

    private static func read(_ name: String, _ mallctl: Mallctl) -> UInt64? {
        var value = 0
        var size = MemoryLayout<Int>.size
        guard mallctl(name, &value, &size, nil, 0) == 0 else { return nil }
        return UInt64(value)
    }

    private static func lookUpMallctl() -> Mallctl? {
        #if canImport(Darwin)
        let defaultHandle = UnsafeMutableRawPointer(bitPattern: -2)
        #else
        let defaultHandle: UnsafeMutableRawPointer? = nil
        #endif
        guard let symbol = dlsym(defaultHandle, "mallctl") else { return nil }
        return unsafeBitCast(symbol, to: Mallctl.self)
    }
}
