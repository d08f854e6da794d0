import AnswerEngine
import DNSServer
import Prometheus
import Synchronization

/// Everything `/metrics` reports (issue 5 item 3), owned by the `Publisher` so every part of the
/// daemon reaches it through objects it already has.
///
/// Two kinds of metrics meet here. Values that already live somewhere — the data plane's atomic
/// query counters, the serving state, the monitor's reports — are read when Prometheus scrapes
/// (`MetricsExporter`); nothing is pushed on the query path. Observations that exist only as
/// events — publish durations and probe timings — are recorded as they happen into `registry`'s
/// histograms. swift-prometheus is used directly rather than through swift-metrics' global
/// `MetricsSystem`: its factory registers metrics without HELP text (which promtool flags, and
/// swift-prometheus 2.4 traps on a HELP mismatch), and a process-global bootstrap would tie the
/// many monitors and publishers of an in-process test run together.
public final class DaemonMetrics: Sendable {
    /// Histograms recorded as events happen; emitted with every scrape.
    public let registry = PrometheusCollectorRegistry()
    /// The per-zone query counters snapshots count into.
    public let queryCounters = QueryCounters()
    /// `Publisher.publish`: compile + swap.
    let publishDuration: DurationHistogram
    /// Connect / TLS / first-byte histograms per health check (HC-14).
    public let probeTimings: ProbeTimingMetrics
    private let attached = Mutex<Attached>(Attached())

    private struct Attached {
        var serverCounters: ServerCounters?
        var queryLog: QueryLogWriter?
    }

    /// Publish latencies run from tens of microseconds (a small zone) to seconds (a large one).
    static let publishBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    public init() {
        publishDuration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "lab53", metricName: "publish_duration", unitName: "seconds",
                                             helpText: "Time to compile the hosted zones into a snapshot and swap it in."),
            buckets: Self.publishBuckets)
        probeTimings = ProbeTimingMetrics(registry: registry)
    }

    /// The DNS server's counters (drops, socket errors, TCP connections), once it exists.
    public func attach(serverCounters: ServerCounters) {
        attached.withLock { $0.serverCounters = serverCounters }
    }

    /// The query-log writer, when the log is on (DNS-13).
    public func attach(queryLog: QueryLogWriter) {
        attached.withLock { $0.queryLog = queryLog }
    }

    var serverCounters: ServerCounters? { attached.withLock { $0.serverCounters } }
    var queryLog: QueryLogWriter? { attached.withLock { $0.queryLog } }
}
