import Hummingbird
import HealthChecking

/// Probe punctuality (issue 6, "scale") on `/metrics` and as JSON on `GET /_lab/probe-schedule`.
///
/// The scheduler keeps exact cumulative counts (`ProbeStartStats`), so the lateness histogram is
/// written here from those counts in the Prometheus text format rather than recorded probe by
/// probe into a registry histogram: 10,000 probes a second then cost one counter increment each.
enum ProbeScheduleMetrics {
    /// Prometheus text format 0.0.4 lines for `snapshot`.
    static func render(_ snapshot: ProbeScheduleSnapshot) -> String {
        let stats = snapshot.stats
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) \(type)", "\(name) \(value)"]
        }
        metric("lab53_health_probes_started_total", "counter", "Probes handed out by the scheduler (real and drill-synthesised).",
               "\(stats.started)")
        metric("lab53_health_probes_started_on_time_total", "counter",
               "Probes that started no more than a tenth of their interval after their due instant.", "\(stats.onTime)")
        metric("lab53_health_probes_completed_total", "counter", "Probe results the scheduler accepted.", "\(stats.completed)")
        metric("lab53_health_probe_duration_seconds_total", "counter",
               "Sum of probe durations, hand-out to result accepted (a checker's period is interval + duration, HC-05).",
               "\(MonitorTime.seconds(stats.durationSum))")
        metric("lab53_health_probes_overdue", "gauge",
               "Checkers whose next probe is already more than a tenth of their interval overdue.", "\(snapshot.overdue)")
        metric("lab53_health_probes_in_flight", "gauge", "Probes started and not yet reported back.", "\(snapshot.inFlight)")
        let name = "lab53_health_probe_start_lateness_seconds"
        lines += ["# HELP \(name) Time from a checker's due instant (previous response + interval, HC-05) to its probe's start.",
                  "# TYPE \(name) histogram"]
        let cumulative = stats.cumulativeBuckets
        for (index, bound) in ProbeStartStats.bucketBounds.enumerated() {
            lines.append("\(name)_bucket{le=\"\(MonitorTime.seconds(bound))\"} \(cumulative[index])")
        }
        lines.append("\(name)_bucket{le=\"+Inf\"} \(stats.started)")
        lines.append("\(name)_sum \(MonitorTime.seconds(stats.latenessSum))")
        lines.append("\(name)_count \(stats.started)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON body of `GET /_lab/probe-schedule`: cheap to read (no per-check rendering), so a
    /// benchmark can poll it while 10,000 checks run.
    struct View: Encodable {
        var wallSeconds: Double
        var started: UInt64
        var onTime: UInt64
        var late: UInt64
        var completed: UInt64
        var overdue: Int
        var inFlight: Int
        var latenessSumSeconds: Double
        var durationSumSeconds: Double
        var maximumLatenessSeconds: Double
        /// `le` bound in seconds (nil = +Inf) → cumulative count.
        var buckets: [Bucket]

        struct Bucket: Encodable {
            var le: Double?
            var count: UInt64
        }

        init(_ snapshot: ProbeScheduleSnapshot) {
            let stats = snapshot.stats
            wallSeconds = snapshot.wallSeconds
            started = stats.started
            onTime = stats.onTime
            late = stats.late
            completed = stats.completed
            overdue = snapshot.overdue
            inFlight = snapshot.inFlight
            latenessSumSeconds = MonitorTime.seconds(stats.latenessSum)
            durationSumSeconds = MonitorTime.seconds(stats.durationSum)
            maximumLatenessSeconds = MonitorTime.seconds(stats.maximumLateness)
            let bounds = ProbeStartStats.bucketBounds.map { Optional(MonitorTime.seconds($0)) } + [nil]
            buckets = zip(bounds, stats.cumulativeBuckets).map { Bucket(le: $0, count: $1) }
        }
    }
}

extension LabAPI {
    /// `GET /_lab/probe-schedule`: `ProbeScheduleMetrics.View` of the monitor now.
    func addProbeScheduleRoute(to router: Router<ControlRequestContext>) {
        router.get("_lab/probe-schedule") { _, _ in
            try Self.json(ProbeScheduleMetrics.View(health.monitor.probeSchedule()))
        }
    }
}
