extension Workload {
    /// Throws a `LoadGeneratorError` naming the first field that cannot run.
    public func validate() throws {
        guard !mix.entries.isEmpty else {
            throw LoadGeneratorError(.invalidConfiguration, "the operation mix is empty; add at least one operation, e.g. get:1")
        }
        var seen = Set<String>()
        for entry in mix.entries {
            guard !entry.name.isEmpty else {
                throw LoadGeneratorError(.invalidConfiguration, "an operation in the mix has an empty name; give every operation a name")
            }
            guard seen.insert(entry.name).inserted else {
                throw LoadGeneratorError(.invalidConfiguration, "operation '\(entry.name)' appears twice in the mix; list each operation once")
            }
            guard entry.weight.isFinite, entry.weight >= 0 else {
                throw LoadGeneratorError(.invalidConfiguration, "operation '\(entry.name)' has weight \(entry.weight); use a finite weight >= 0")
            }
        }
        guard mix.entries.contains(where: { $0.weight > 0 }) else {
            throw LoadGeneratorError(.invalidConfiguration, "all operation weights are zero; give at least one operation a positive weight")
        }
        guard keyCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "keyCount must be positive; set at least 1 key")
        }
        try RunLimits.check(keyCount, atMost: RunLimits.keyCountMax, "the key count (--keys)", limitText: "1G", why: "key generators and loaders scale with it")
        guard valueSizeBytesMin >= 0, valueSizeBytesMax >= valueSizeBytesMin else {
            throw LoadGeneratorError(.invalidConfiguration, "value size range \(valueSizeBytesMin)...\(valueSizeBytesMax) is empty or negative; use 0 <= min <= max")
        }
        try RunLimits.check(valueSizeBytesMax, atMost: RunLimits.valueSizeBytesMax, "the value size in bytes (--value-size)", limitText: "16 MiB", why: "every client holds values of this size")
        guard durationNanos > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "the measured duration is zero; set a positive duration, e.g. 10s")
        }
        try RunLimits.check(durationNanos, atMost: RunLimits.durationNanosMax, "the measured duration in ns (--duration)", limitText: "24h", why: "one cell")
        try RunLimits.check(warmupNanos, atMost: RunLimits.warmupNanosMax, "the warm-up in ns (--warmup)", limitText: "1h", why: "one cell")
        if let operationCount, operationCount == 0 {
            throw LoadGeneratorError(.invalidConfiguration, "operationCount is zero; set a positive count or leave it unset to run for the duration")
        }
        if let operationCount {
            try RunLimits.check(operationCount, atMost: RunLimits.operationCountMax, "the operation count (--ops)", limitText: "1e12", why: "one cell")
        }
    }
}

extension RunConfiguration {
    /// Throws a `LoadGeneratorError` naming the first field that cannot run.
    public func validate() throws {
        try workload.validate()
        guard threadCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "threadCount is \(threadCount); use at least 1 worker thread")
        }
        try RunLimits.check(
            threadCount, atMost: RunLimits.threadCountMax, "the worker thread count (--threads)", limitText: "\(RunLimits.threadCountMax)",
            why: "each is a real thread; beyond the core count threads only add scheduling noise"
        )
        guard clientCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "clientCount is \(clientCount); use at least 1 client")
        }
        try RunLimits.check(
            clientCount, atMost: RunLimits.clientCountMax, "the client count (--clients)", limitText: "10k",
            why: "each client is a task with its own buffers; more measure task start-up, not the target"
        )
        if case .open(let ratePerSecond) = mode, !(ratePerSecond.isFinite && ratePerSecond > 0) {
            throw LoadGeneratorError(.invalidConfiguration, "open-loop rate is \(ratePerSecond) ops/s; use a positive rate, e.g. 1000")
        }
        if case .open(let ratePerSecond) = mode {
            try RunLimits.check(
                ratePerSecond, atMost: RunLimits.ratePerSecondMax, "the open-loop rate in ops/s (--rate)", limitText: "20M/s",
                why: "about what the generator can schedule; beyond it the run measures the generator"
            )
        }
    }
}
