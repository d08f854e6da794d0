import Logging
import Route53Model

/// Daemon-wide settings of the health monitor.
public struct MonitorSettings: Sendable, Hashable {
    /// Lab time scale (issue 3, item 2): every interval and probe deadline is multiplied by it;
    /// thresholds are not. `0.1` makes a production-like 10 s interval probe every second.
    public var timeScale: Double = 1
    /// Virtual checkers per endpoint check (HC-05 lab model, kept small by default). `0` (or less)
    /// selects Route 53's shape: 2 checkers per configured region (16 with all 8 regions, LAB-03).
    public var checkers: Int = 3
    /// Seed of every random choice the monitor makes (checker phases, LAB-04).
    public var seed: UInt64 = 0
    /// Scaled intervals never drop below this, so a tiny interval × time scale cannot spin.
    public var minimumInterval: Duration = .milliseconds(10)
    /// The run loop ticks at most once per this much time: probes due within it start together,
    /// up to this late (never early). Zero (the default) ticks at every due instant, which tests
    /// on a `ManualClock` rely on; the daemon sets a few milliseconds, so 10,000 checks a second
    /// cost hundreds of timer wake-ups instead of ten thousand (issue 6, "scale").
    public var wakeCoalescing: Duration = .zero
    /// Level of the one log line per transition (architecture pattern 7: notice); nil when the
    /// caller logs transitions itself (e.g. with publication times) and wants exactly one line.
    public var transitionLogLevel: Logger.Level? = .notice
    /// How many recent transitions `HealthMonitor.transitionHistory()` keeps.
    public var historyCapacity: Int = 1000

    /// The settings most callers set; the others keep their defaults.
    public init(timeScale: Double = 1, checkers: Int = 3, seed: UInt64 = 0) {
        self.timeScale = timeScale
        self.checkers = checkers
        self.seed = seed
    }

    /// The number of virtual checkers for `config` (0 for types that are not probed).
    public func checkerCount(for config: HealthCheckConfig) -> Int {
        guard config.type.isEndpoint else { return 0 }
        if checkers > 0 { return checkers }
        return 2 * max(1, config.regions.count)
    }

    /// `RequestInterval × timeScale`, floored at `minimumInterval`: the time from one response of a
    /// checker to its next request (HC-05).
    public func scaledInterval(for config: HealthCheckConfig) -> Duration {
        max(minimumInterval, MonitorTime.duration(seconds: config.requestInterval * timeScale))
    }
}
