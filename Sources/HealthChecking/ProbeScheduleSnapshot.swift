/// The monitor's probe punctuality at one instant (issue 6, "scale"): the scheduler's cumulative
/// `ProbeStartStats` plus what is pending right now, so a reader can difference two snapshots and
/// count every probe that was due in between — started on time, started late, or still overdue.
public struct ProbeScheduleSnapshot: Sendable, Hashable {
    /// Cumulative counters since the monitor started.
    public var stats: ProbeStartStats
    /// Waiting checkers already more than a tenth of their interval overdue (will start late).
    public var overdue: Int
    /// Probes handed to the shell and not yet reported back.
    public var inFlight: Int
    /// Seconds since 1970 at the instant of the snapshot, by the monitor's clock.
    public var wallSeconds: Double

    public init(stats: ProbeStartStats, overdue: Int, inFlight: Int, wallSeconds: Double) {
        self.stats = stats
        self.overdue = overdue
        self.inFlight = inFlight
        self.wallSeconds = wallSeconds
    }
}

extension HealthMonitor {
    /// Probe punctuality now (`ProbeScheduleSnapshot`); O(checkers) under the lock, for metrics
    /// scrapes and the lab API, not for a hot path.
    public func probeSchedule() -> ProbeScheduleSnapshot {
        let now = clock.now
        return state.withLock { shell in
            ProbeScheduleSnapshot(stats: shell.core.scheduler.startStats, overdue: shell.core.scheduler.overdueCount(now: now),
                                  inFlight: shell.inFlight, wallSeconds: clock.wallSeconds(at: now))
        }
    }
}
