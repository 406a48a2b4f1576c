extension Duration {
    /// Whole nanoseconds, 0 for a negative duration, saturating at `UInt64.max`.
    var saturatingNanos: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 || seconds > 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let nanos = attoseconds / 1_000_000_000
        return nanos >= 0 ? whole &+ UInt64(nanos) : whole &- UInt64(-nanos)
    }
}
