import AnswerEngine
import HealthChecking
import Logging
import Route53Model
import Synchronization

/// Connects the health monitor to the data plane (issue 3, item 5): every transition publishes a
/// new health vector at once — no batching — and is recorded in the failover timeline and logged
/// once at notice level with from → to and the stage times known so far. Then it goes to `events`
/// (issue 5 item 5): SSE clients of `/_lab/events`, webhooks, `lab53 watch`, the status page.
public final class HealthService: Sendable {
    public let monitor: HealthMonitor
    public let timeline: FailoverTimeline
    let store: SnapshotStore
    private let logger: Logger
    /// Health events (issue 5 item 5): one per transition, for SSE clients and webhooks.
    public let events = HealthEvents()
    /// The record sets naming a check, for the events; set once the Route 53 service exists.
    let recordSetLookup = Mutex<(@Sendable (String) -> [LabEventRecordSet])?>(nil)

    public init(monitor: HealthMonitor, store: SnapshotStore, logger: Logger) {
        self.monitor = monitor
        self.store = store
        self.logger = logger
        timeline = FailoverTimeline { [store] generation in store.firstAnswerUptimeNanoseconds(forHealthGeneration: generation) }
    }

    /// Consumes transitions until the monitor's stream ends.
    public func run() async {
        for await transition in monitor.transitions {
            let generation = store.publish(health: monitor.effectiveStatuses())
            let published = store.publishedUptimeNanoseconds(forHealthGeneration: generation) ?? MonotonicTime.now()
            let decided = MonotonicTime.from(transition.decidedAt)
            let entry = timeline.record(TimelineEntry(
                sequence: 0, checkId: transition.checkId, healthy: transition.healthy, previous: transition.previous,
                realHealthy: transition.realHealthy, reason: transition.reason, wallTime: transition.decidedAtWall,
                lastGoodProbe: transition.lastProbeBefore.map(MonotonicTime.from),
                firstFailedProbe: transition.firstProbeAfter.map(MonotonicTime.from),
                decidedAt: decided, publishedAt: published, healthGeneration: generation, firstAnswerAt: nil))
            var metadata: Logger.Metadata = [
                "health_generation": "\(generation)",
                "decision_to_publish_ms": "\(Self.format(TimelineEntry.milliseconds(from: decided, to: published)))",
                "reason": "\(transition.reason)",
            ]
            if let first = entry.firstFailedProbe {
                metadata["first_changed_probe_to_decision_ms"] = "\(Self.format(TimelineEntry.milliseconds(from: first, to: decided)))"
            }
            logger.notice("health check \(transition.checkId): \(Self.word(transition.previous)) → \(Self.word(transition.healthy))",
                          metadata: metadata)
            publishEvent(transition, healthGeneration: generation)
        }
    }

    /// Applies a new set of checks (config reload): unchanged checks keep their state, and the
    /// health vector is republished so removed checks stop counting.
    public func apply(_ checks: [HealthCheck]) {
        monitor.apply(checks)
        store.publish(health: monitor.effectiveStatuses())
    }

    static func word(_ healthy: Bool) -> String { healthy ? "healthy" : "unhealthy" }

    static func format(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(Double(Int((value * 1000).rounded())) / 1000)
    }
}
