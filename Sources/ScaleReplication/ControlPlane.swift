import ScaleSupport

/// The thread the replica sets' failover control runs on: the timer, status polls, lease renewals
/// and coordinator commands. On the cooperative pool they queued behind the data path's jobs: a
/// burst of async writes once delayed renewals by 0.7 s, past the lease, and the primary stepped down.
enum ControlPlane {
    /// One thread for every replica set of the process (its work is a few messages per tick); nil
    /// when the system refused the thread, and control then runs on the pool as before.
    static let executor: DedicatedThreadExecutor? = try? DedicatedThreadExecutor()
}
