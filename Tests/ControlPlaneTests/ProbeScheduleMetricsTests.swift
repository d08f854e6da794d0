@testable import ControlPlane
import HealthChecking
import Testing

/// Issue 6 ("scale"): probe punctuality on /metrics and /_lab/probe-schedule.
struct ProbeScheduleMetricsTests {
    static func snapshot() -> ProbeScheduleSnapshot {
        var stats = ProbeStartStats()
        stats.recordStart(lateness: .microseconds(500), interval: .seconds(1))
        stats.recordStart(lateness: .milliseconds(150), interval: .seconds(1))
        stats.recordCompletion(duration: .milliseconds(2))
        return ProbeScheduleSnapshot(stats: stats, overdue: 3, inFlight: 1, wallSeconds: 1_700_000_000)
    }

    @Test("counters, gauges and a cumulative lateness histogram in the text format")
    func render() {
        let lines = Set(ProbeScheduleMetrics.render(Self.snapshot()).split(separator: "\n").map(String.init))
        for line in [
            "lab53_health_probes_started_total 2",
            "lab53_health_probes_started_on_time_total 1",
            "lab53_health_probes_completed_total 1",
            "lab53_health_probe_duration_seconds_total 0.002",
            "lab53_health_probes_overdue 3",
            "lab53_health_probes_in_flight 1",
            "# TYPE lab53_health_probe_start_lateness_seconds histogram",
            #"lab53_health_probe_start_lateness_seconds_bucket{le="0.001"} 1"#,
            #"lab53_health_probe_start_lateness_seconds_bucket{le="0.1"} 1"#,
            #"lab53_health_probe_start_lateness_seconds_bucket{le="0.2"} 2"#,
            #"lab53_health_probe_start_lateness_seconds_bucket{le="+Inf"} 2"#,
            "lab53_health_probe_start_lateness_seconds_count 2",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
    }

    @Test("the lab view carries the same numbers")
    func view() {
        let view = ProbeScheduleMetrics.View(Self.snapshot())
        #expect(view.started == 2 && view.onTime == 1 && view.late == 1 && view.completed == 1)
        #expect(view.overdue == 3 && view.inFlight == 1)
        #expect(view.buckets.last?.le == nil && view.buckets.last?.count == 2)
        #expect(abs(view.durationSumSeconds - 0.002) < 1e-9)
    }
}
