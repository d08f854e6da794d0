import AnswerEngine
import Route53Model
import Synchronization

/// Compiles zones into a new `AnswerSnapshot` and swaps it in with one reference store
/// (architecture "The two planes": readers never block and never see a half-built state).
/// Publishes are serialised so generations increase monotonically.
public final class Publisher: Sendable {
    public let store: SnapshotStore
    /// The daemon's metrics (issue 5 item 3): snapshots count queries into its `queryCounters`,
    /// and every publication records its compile + swap time.
    public let metrics: DaemonMetrics
    private let generation: Mutex<UInt64>

    public init(initial zones: [HostedZone], routingTables: ClientRoutingTables, metrics: DaemonMetrics = DaemonMetrics()) {
        self.metrics = metrics
        store = SnapshotStore(SnapshotCompiler.compile(zones: zones, routingTables: routingTables, generation: 1,
                                                       counters: metrics.queryCounters))
        generation = Mutex(1)
    }

    /// Compiles and publishes `zones` with the client routing tables; returns the new generation.
    /// Health statuses carry over to the new snapshot (a zone change never resets health).
    @discardableResult
    public func publish(zones: [HostedZone], routingTables: ClientRoutingTables) -> UInt64 {
        generation.withLock { current in
            let started = ContinuousClock.now
            current += 1
            // Held across the swap so the old snapshot is freed off the request path.
            let previous = store.current
            store.publish(SnapshotCompiler.compile(zones: zones, routingTables: routingTables, generation: current,
                                                   counters: metrics.queryCounters))
            metrics.publishDuration.record(ContinuousClock.now - started)
            DeferredRelease.later(previous)
            return current
        }
    }
}
