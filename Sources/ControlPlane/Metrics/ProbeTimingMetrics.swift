import HealthChecking
import Prometheus
import Synchronization

/// Probe timing histograms per health check, Route 53's CloudWatch `ConnectionTime`,
/// `SSLHandshakeTime` and `TimeToFirstByte` (HC-14) in seconds (Prometheus base units, where
/// CloudWatch says milliseconds). Fed by the monitor's probe observer with every real probe.
public final class ProbeTimingMetrics: Sendable {
    /// The stages of a probe, each its own histogram family.
    private enum Stage {
        case connect, tlsHandshake, firstByte
    }

    /// Probe stages take from well under a millisecond (loopback) to the 4 s connect deadline (HC-01).
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2), .seconds(4), .seconds(10),
    ]

    static var connect: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lab53", subsystem: "health_check", metricName: "connection_time", unitName: "seconds",
            helpText: "Time to establish the TCP connection of each probe (CloudWatch ConnectionTime).")
    }

    static var tlsHandshake: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lab53", subsystem: "health_check", metricName: "ssl_handshake_time", unitName: "seconds",
            helpText: "Time to complete the TLS handshake of each HTTPS probe (CloudWatch SSLHandshakeTime).")
    }

    static var firstByte: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "lab53", subsystem: "health_check", metricName: "time_to_first_byte", unitName: "seconds",
            helpText: "Time from sending the request to the first response byte of each HTTP(S) probe (CloudWatch TimeToFirstByte).")
    }

    private let registry: PrometheusCollectorRegistry
    /// Check ID → its histograms, created at a stage's first measurement: an HTTP check never gets
    /// a TLS series, a TCP check only a connect series.
    private let series = Mutex<[String: [Stage: DurationHistogram]]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Records the stages `result` measured. The monitor's `probeObserver`.
    public func observe(checkId: String, result: ProbeResult) {
        let measured: [(Stage, Duration)] = [(.connect, result.connectTime), (.tlsHandshake, result.tlsHandshakeTime),
                                             (.firstByte, result.timeToFirstByte)].compactMap { stage, value in
            value.map { (stage, $0) }
        }
        guard !measured.isEmpty else { return }
        let histograms = series.withLock { known in
            measured.map { stage, _ in
                if let existing = known[checkId]?[stage] { return existing }
                let made = registry.makeDurationHistogram(descriptor: Self.descriptor(stage), labels: [("health_check_id", checkId)],
                                                          buckets: Self.buckets)
                known[checkId, default: [:]][stage] = made
                return made
            }
        }
        for (histogram, (_, value)) in zip(histograms, measured) { histogram.record(value) }
    }

    /// Drops the histograms of checks that no longer exist (deleted through the API or the config),
    /// so their series leave /metrics.
    func retain(checkIds: Set<String>) {
        let removed = series.withLock { known in
            let gone = known.filter { !checkIds.contains($0.key) }
            for id in gone.keys { known[id] = nil }
            return gone.values.flatMap(\.values)
        }
        for histogram in removed { registry.unregisterDurationHistogram(histogram) }
    }

    private static func descriptor(_ stage: Stage) -> MetricNameDescriptor {
        switch stage {
        case .connect: connect
        case .tlsHandshake: tlsHandshake
        case .firstByte: firstByte
        }
    }
}
