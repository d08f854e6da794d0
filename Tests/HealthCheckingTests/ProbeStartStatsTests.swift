import HealthChecking
import Testing

/// Issue 6 ("scale"): how punctually probes start — the on-time rule (a tenth of the interval)
/// and the scheduler's counters, on injected time.
struct ProbeStartStatsTests {
    typealias Slot = ProbeScheduler.Slot

    struct Row: Sendable, CustomTestStringConvertible {
        var lateness: Duration
        var interval: Duration
        var onTime: Bool
        var bucket: Int
        var testDescription: String { "\(lateness) late at \(interval)" }
    }

    @Test("on time = no later than a tenth of the interval; histogram buckets by upper bound",
          arguments: [
              Row(lateness: .zero, interval: .seconds(1), onTime: true, bucket: 0),
              Row(lateness: .milliseconds(3), interval: .seconds(1), onTime: true, bucket: 2),
              Row(lateness: .milliseconds(100), interval: .seconds(1), onTime: true, bucket: 6),
              Row(lateness: .milliseconds(101), interval: .seconds(1), onTime: false, bucket: 7),
              Row(lateness: .milliseconds(900), interval: .seconds(10), onTime: true, bucket: 9),
              Row(lateness: .seconds(2), interval: .seconds(10), onTime: false, bucket: 10),
              Row(lateness: .seconds(60), interval: .seconds(30), onTime: false, bucket: 12),
          ])
    func rule(_ row: Row) {
        var stats = ProbeStartStats()
        stats.recordStart(lateness: row.lateness, interval: row.interval)
        #expect(stats.started == 1)
        #expect(stats.onTime == (row.onTime ? 1 : 0))
        #expect(stats.late == (row.onTime ? 0 : 1))
        #expect(stats.buckets.firstIndex(of: 1) == row.bucket)
        #expect(stats.cumulativeBuckets.last == 1)
        #expect(stats.maximumLateness == row.lateness)
    }

    @Test("the scheduler counts each probe's lateness from its due instant, and completions")
    func schedulerCounts() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 1)
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(1), now: start)
        guard case .waiting(let due)? = scheduler.state(of: Slot(checkId: "a", checker: 0)) else {
            Issue.record("not waiting")
            return
        }
        #expect(scheduler.overdueCount(now: due + .milliseconds(100)) == 0)
        #expect(scheduler.overdueCount(now: due + .milliseconds(150)) == 1)
        guard case .probe(let first) = scheduler.nextAction(now: due + .milliseconds(150)) else {
            Issue.record("no probe")
            return
        }
        #expect(scheduler.startStats.started == 1 && scheduler.startStats.onTime == 0)
        #expect(scheduler.startStats.latenessSum == .milliseconds(150))
        #expect(scheduler.overdueCount(now: due + .seconds(5)) == 0, "in flight is not overdue")
        let answered = due + .milliseconds(160)
        scheduler.completed(first, at: answered)
        #expect(scheduler.startStats.completed == 1)
        // The next probe is due one interval after the response (HC-05); handed out exactly then.
        guard case .probe = scheduler.nextAction(now: answered + .seconds(1)) else {
            Issue.record("no second probe")
            return
        }
        #expect(scheduler.startStats.started == 2 && scheduler.startStats.onTime == 1)
    }

    @Test("a stale completion is not counted")
    func staleCompletion() {
        let start = ContinuousClock.now
        var scheduler = ProbeScheduler(seed: 2)
        scheduler.schedule(checkId: "a", checkers: 1, interval: .seconds(1), now: start)
        guard case .probe(let ticket) = scheduler.nextAction(now: start + .seconds(1)) else {
            Issue.record("no probe")
            return
        }
        scheduler.pause(checkId: "a")
        let accepted = scheduler.completed(ticket, at: start + .seconds(2))
        #expect(!accepted)
        #expect(scheduler.startStats.completed == 0 && scheduler.startStats.started == 1)
    }
}
