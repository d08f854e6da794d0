import HealthChecking
import Logging
import Route53Model
import Testing

/// Issue 6 ("scale"): the monitor's callback path (`CallbackProber`, no task per probe), the
/// completion that leaves the loop's timer alone, and wake-up coalescing — on a `ManualClock`.
struct HealthMonitorCallbackTests {
    struct Lab {
        let monitor: HealthMonitor
        let clock: ManualClock
        let prober: ScriptedCallbackProber
        let runner: Task<Void, Never>

        func stop() async {
            await monitor.shutdown()
            await runner.value
        }
    }

    static func start(_ checks: [HealthCheck], prober: ScriptedCallbackProber, settings: MonitorSettings) -> Lab {
        let clock = ManualClock()
        let (logger, _) = CapturingLogHandler.logger()
        let monitor = HealthMonitor(prober: prober, settings: settings, resolver: { _ in ["192.0.2.77"] }, logger: logger, clock: clock)
        monitor.apply(checks)
        return Lab(monitor: monitor, clock: clock, prober: prober, runner: Task { await monitor.run() })
    }

    @Test("IP-addressed checks are probed through callbacks and follow HC-06; FQDN checks still resolve first")
    func callbackPath() async {
        let prober = ScriptedCallbackProber()
        let lab = Self.start([Fixtures.http("web", interval: 10, threshold: 2), Fixtures.http("named", ip: "", fqdn: "app.lab.test")],
                             prober: prober, settings: MonitorSettings(checkers: 3))
        await advance(lab.monitor, lab.clock, by: .seconds(30))
        #expect(lab.monitor.effectiveStatuses() == ["web": true, "named": true])
        #expect(prober.started.count >= 6 && prober.started.allSatisfy { $0.address == "192.0.2.10" })
        #expect(prober.asyncCalls >= 6, "the FQDN check resolves, then probes through the async path")

        prober.set(.immediate(ProbeResult(success: false, status: "Failure: Connection refused")))
        await advance(lab.monitor, lab.clock, by: .seconds(30))
        #expect(lab.monitor.effectiveStatuses()["web"] == false)
        #expect(lab.monitor.report(id: "web")?.checkers.allSatisfy { $0.lastStatus == "Failure: Connection refused" } == true)
        let schedule = lab.monitor.probeSchedule()
        #expect(schedule.stats.started == schedule.stats.completed && schedule.stats.late == 0 && schedule.inFlight == 0)
        await lab.stop()
    }

    @Test("a completion with nothing else scheduled wakes the loop; the next probe is one interval after it")
    func completionWakesIdleLoop() async {
        let prober = ScriptedCallbackProber(.hold)
        let lab = Self.start([Fixtures.http("web", interval: 10)], prober: prober, settings: MonitorSettings(checkers: 1))
        guard let first = await lab.monitor.settle() else {
            Issue.record("nothing scheduled")
            return
        }
        lab.clock.advance(to: first)
        #expect(await eventually { prober.heldCount == 1 })
        // Answered 300 ms after it started: due again at +10.3 s (HC-05), which the loop must plan.
        lab.clock.advance(by: .milliseconds(300))
        prober.release()
        let next = await lab.monitor.settle()
        #expect(next == first + .milliseconds(10_300))
        await lab.stop()
    }

    @Test("shutdown cancels callback probes in flight")
    func shutdownCancels() async {
        let prober = ScriptedCallbackProber(.hold)
        let lab = Self.start([Fixtures.http("a", interval: 10), Fixtures.http("b", ip: "192.0.2.11", interval: 10)],
                             prober: prober, settings: MonitorSettings(checkers: 2))
        lab.clock.advance(by: .seconds(10))
        #expect(await eventually { prober.heldCount == 4 })
        await lab.stop()
        #expect(prober.cancellations == 4)
        prober.release()  // late completions after shutdown change nothing
        #expect(lab.monitor.report(id: "a")?.checkers.allSatisfy { $0.lastStatus == nil } == true)
    }

    @Test("coalesced wake-ups: probes start together, never early and at most the coalescing late")
    func coalescing() async {
        var settings = MonitorSettings(checkers: 1)
        settings.wakeCoalescing = .milliseconds(50)
        let prober = ScriptedCallbackProber()
        let checks = (0..<100).map { Fixtures.http("c\($0)", ip: "192.0.2.\($0 + 1)", interval: 1) }
        let lab = Self.start(checks, prober: prober, settings: settings)
        var wakes: [ContinuousClock.Instant] = []
        var next = await lab.monitor.settle()
        while let wake = next, wake <= lab.clock.start + .seconds(10) {
            wakes.append(wake)
            lab.clock.advance(to: wake)
            next = await lab.monitor.settle()
        }
        let gaps = zip(wakes.dropFirst(), wakes).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .milliseconds(50) })
        let stats = lab.monitor.probeSchedule().stats
        #expect(stats.started >= 900, "100 checks × ~9.5 intervals")
        #expect(stats.maximumLateness <= .milliseconds(50) && stats.onTime == stats.started)
        #expect(wakes.count < Int(stats.started) / 2, "several probes per wake-up")
        await lab.stop()
    }
}
