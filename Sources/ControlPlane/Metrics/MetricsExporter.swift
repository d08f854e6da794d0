import AnswerEngine
import DNSServer
import HealthChecking
import Prometheus

/// Renders `/metrics` (issue 5 item 3) in the Prometheus text format 0.0.4. Everything that is
/// state rather than an event is read now, at scrape time, into a registry made for this one
/// scrape: the data plane's atomic query counters, the serving state, the monitor's reports. The
/// long-lived histograms of `DaemonMetrics.registry` follow.
struct MetricsExporter {
    let metrics: DaemonMetrics
    let state: ServingState
    let reports: [HealthCheckReport]
    /// Probe punctuality (issue 6); nil leaves those series out.
    var probeSchedule: ProbeScheduleSnapshot? = nil

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func render() -> [UInt8] {
        metrics.probeTimings.retain(checkIds: Set(reports.map(\.check.id)))
        let scrape = PrometheusCollectorRegistry()
        addQueries(to: scrape)
        addServer(to: scrape)
        addState(to: scrape)
        addHealthChecks(to: scrape)
        addFailoverGroups(to: scrape)
        addQueryLog(to: scrape)
        addProcess(to: scrape)
        var output: [UInt8] = []
        scrape.emit(into: &output)
        metrics.registry.emit(into: &output)
        if let probeSchedule { output += Array(ProbeScheduleMetrics.render(probeSchedule).utf8) }
        return output
    }

    private static func name(_ metricName: String, _ unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "lab53", metricName: metricName, unitName: unit, helpText: help)
    }

    /// Query cells that ever counted, per zone (a zone that answered nothing has no series yet).
    private func addQueries(to registry: PrometheusCollectorRegistry) {
        let queries = Self.name("dns_queries", "total",
                                "DNS queries answered, by hosted zone (- outside every zone), QTYPE, RCODE and transport.")
        let truncated = Self.name("dns_truncated_responses", "total", "Responses sent with TC set (DNS-09), by hosted zone.")
        var malformed = [0, 0]
        for block in metrics.queryCounters.allBlocks() {
            let zone = [("zone_id", block.zoneID), ("zone", block.zoneName)]
            for cell in 0..<QueryCounterCell.count {
                let value = block.value(ofCell: cell)
                guard value > 0 else { continue }
                let slots = QueryCounterCell.slots(of: cell)
                if QueryCounterCell.rcodeLabels[slots.rcode] == "FORMERR" { malformed[slots.transport] += value }
                registry.makeCounter(descriptor: queries, labels: zone + [
                    ("qtype", QueryCounterCell.typeLabels[slots.type]), ("rcode", QueryCounterCell.rcodeLabels[slots.rcode]),
                    ("transport", QueryCounterCell.transportLabels[slots.transport]),
                ]).increment(by: Int64(value))
            }
            for transport in [Transport.udp, .tcp] where block.truncated(transport) > 0 {
                registry.makeCounter(descriptor: truncated, labels: zone + [("transport", transport == .udp ? "udp" : "tcp")])
                    .increment(by: Int64(block.truncated(transport)))
            }
        }
        let formerr = Self.name("dns_malformed_queries", "total", "Malformed queries answered FORMERR (DNS-10).")
        for (slot, transport) in QueryCounterCell.transportLabels.enumerated() {
            registry.makeCounter(descriptor: formerr, labels: [("transport", transport)]).increment(by: Int64(malformed[slot]))
        }
    }

    private func addServer(to registry: PrometheusCollectorRegistry) {
        guard let counters = metrics.serverCounters else { return }
        func counter(_ name: String, _ help: String, _ value: Int) {
            registry.makeCounter(descriptor: Self.name(name, "total", help)).increment(by: Int64(value))
        }
        counter("dns_dropped_packets", "Packets dropped unanswered by the accept filter (shorter than a header, or QR=1).",
                counters.dropped.load(ordering: .relaxed))
        counter("dns_socket_errors", "Errors on DNS sockets (ICMP unreachable from gone clients, reset TCP peers, framing).",
                counters.socketErrors.load(ordering: .relaxed))
        counter("dns_tcp_connections", "DNS TCP connections accepted.", counters.tcpAccepted.load(ordering: .relaxed))
        counter("dns_tcp_idle_closed", "DNS TCP connections closed for idleness (RFC 7766 §6.2.3).",
                counters.idleClosed.load(ordering: .relaxed))
        registry.makeGauge(descriptor: Self.name("dns_tcp_connections_open", "", "DNS TCP connections open now."))
            .set(to: Double(counters.tcpOpen.load(ordering: .relaxed)))
    }

    private func addState(to registry: PrometheusCollectorRegistry) {
        registry.makeGauge(descriptor: Self.name("snapshot_generation", "", "Generation of the zone snapshot being served."))
            .set(to: Double(state.generation))
        registry.makeGauge(descriptor: Self.name("health_generation", "", "Generation of the health vector being served."))
            .set(to: Double(state.healthGeneration))
        registry.makeGauge(descriptor: Self.name("hosted_zones_served", "", "Public hosted zones in the served snapshot."))
            .set(to: Double(state.snapshot.zoneCount))
    }

    /// HC-14's CloudWatch metrics, per check.
    private func addHealthChecks(to registry: PrometheusCollectorRegistry) {
        let status = Self.name("health_check_status", "",
                               "1 healthy, 0 unhealthy: the status DNS answers use, drills included (CloudWatch HealthCheckStatus).")
        let real = Self.name("health_check_real_status", "", "1 healthy, 0 unhealthy: the status from real observations only.")
        let percentage = Self.name("health_check_percentage_healthy", "",
                                   "Percentage of checkers that consider the endpoint healthy (CloudWatch HealthCheckPercentageHealthy).")
        let failures = Self.name("health_check_consecutive_failures", "", "Longest current run of failed probes among the checkers.")
        let children = Self.name("health_check_healthy_children", "",
                                 "Healthy child checks of a CALCULATED check (CloudWatch ChildHealthCheckHealthyCount).")
        for report in reports {
            let labels = [("health_check_id", report.check.id)]
            registry.makeGauge(descriptor: status, labels: labels).set(to: report.effectiveHealthy ? 1 : 0)
            registry.makeGauge(descriptor: real, labels: labels).set(to: report.realHealthy ? 1 : 0)
            if !report.checkers.isEmpty {
                // HC-14: not reported while the check is disabled.
                if !report.check.config.disabled {
                    registry.makeGauge(descriptor: percentage, labels: labels)
                        .set(to: 100 * Double(report.healthyCheckers) / Double(report.checkers.count))
                }
                registry.makeGauge(descriptor: failures, labels: labels)
                    .set(to: Double(report.checkers.map(\.consecutiveFailures).max() ?? 0))
            }
            if let healthy = report.healthyChildren {
                registry.makeGauge(descriptor: children, labels: labels).set(to: Double(healthy))
            }
        }
    }

    /// RP-05: which record set of each failover pair the engine serves right now.
    private func addFailoverGroups(to registry: PrometheusCollectorRegistry) {
        let served = Self.name("failover_record_set_served", "",
                               "1 for the record set a failover group (name, type) is answered from now, 0 for the other.")
        for group in state.snapshot.failoverGroups(health: state.health) {
            for member in group.members {
                registry.makeGauge(descriptor: served, labels: [
                    ("zone_id", group.zoneID), ("name", group.name), ("type", group.type),
                    ("set_identifier", member.setIdentifier), ("failover", member.role),
                ]).set(to: member.served ? 1 : 0)
            }
        }
    }

    private func addQueryLog(to registry: PrometheusCollectorRegistry) {
        let log = metrics.queryLog
        registry.makeCounter(descriptor: Self.name("query_log_lines", "total", "Query-log lines written (DNS-13)."))
            .increment(by: Int64(log?.written ?? 0))
        registry.makeCounter(descriptor: Self.name("query_log_dropped", "total",
                                                   "Query-log records dropped because the buffer was full (the query was answered)."))
            .increment(by: Int64((log?.dropped ?? 0) + (log?.lostLines ?? 0)))
    }

    private func addProcess(to registry: PrometheusCollectorRegistry) {
        guard let process = ProcessMetrics.current() else { return }
        func gauge(_ name: String, _ help: String, _ value: Double) {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help)).set(to: value)
        }
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "process", metricName: "cpu_seconds", unitName: "total",
                                                              helpText: "Total user and system CPU time spent in seconds."))
            .increment(by: process.cpuSeconds)
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.", process.residentMemoryBytes)
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", process.virtualMemoryBytes)
        gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", process.startTimeSeconds)
        gauge("process_open_fds", "Number of open file descriptors.", process.openFileDescriptors)
        gauge("process_max_fds", "Maximum number of open file descriptors.", process.maxFileDescriptors)
    }
}
