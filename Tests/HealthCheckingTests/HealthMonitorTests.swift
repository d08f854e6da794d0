import HealthChecking
import Logging
import Route53Model
import Synchronization
import Testing

/// The async shell with a `ManualClock` and a scripted prober: real tasks, virtual time.
struct HealthMonitorTests {
    final class Addresses: Sendable {
        let value = Mutex<[String]>([])
    }

    struct Running {
        let monitor: HealthMonitor
        let clock: ManualClock
        let prober: ScriptedProber
        let log: CapturingLogHandler.Store
        let addresses: Addresses
        let runner: Task<Void, Never>
    }

    static func start(checks: [HealthCheck], settings: MonitorSettings = MonitorSettings(checkers: 3)) -> Running {
        let clock = ManualClock()
        let prober = ScriptedProber()
        let (logger, store) = CapturingLogHandler.logger()
        let addresses = Addresses()
        let monitor = HealthMonitor(prober: prober, settings: settings, resolver: { _ in addresses.value.withLock { $0 } },
                                    logger: logger, clock: clock)
        monitor.apply(checks)
        let runner = Task { await monitor.run() }
        return Running(monitor: monitor, clock: clock, prober: prober, log: store, addresses: addresses, runner: runner)
    }

    @Test("a failing target flips the check after the threshold and back; one notice per transition")
    func failoverAndBack() async {
        let lab = Self.start(checks: [Fixtures.http("web", interval: 10, threshold: 2)])
        var transitions = lab.monitor.transitions.makeAsyncIterator()
        await advance(lab.monitor, lab.clock, by: .seconds(30))
        #expect(lab.monitor.effectiveStatuses() == ["web": true])
        #expect(lab.prober.probed.count >= 6 && lab.prober.probed.allSatisfy { $0.address == "192.0.2.10" })

        lab.prober.set("192.0.2.10", .failing("Failure: Connection refused"))
        await advance(lab.monitor, lab.clock, by: .seconds(30))
        #expect(lab.monitor.effectiveStatuses() == ["web": false])
        let down = await transitions.next()
        #expect(down?.healthy == false && down?.reason == "3 of 3 checkers unhealthy: Failure: Connection refused")
        #expect(down.map { $0.firstFailedProbe! > $0.lastGoodProbe! && $0.decidedAt >= $0.firstFailedProbe! } == true)

        lab.prober.set("192.0.2.10", .healthy)
        await advance(lab.monitor, lab.clock, by: .seconds(30))
        #expect(lab.monitor.effectiveStatuses() == ["web": true])
        let up = await transitions.next()
        #expect(up?.healthy == true && up?.previous == false)
        #expect(lab.monitor.transitionHistory().map(\.healthy) == [false, true])

        let notices = lab.log.all.filter { $0.level == .notice }.map(\.message)
        #expect(notices.count == 2)
        #expect(notices.first?.hasPrefix("health check web: healthy → unhealthy (3 of 3 checkers unhealthy") == true)
        #expect(notices.last?.hasPrefix("health check web: unhealthy → healthy (1 of 3 checkers healthy") == true)

        await lab.monitor.shutdown()
        await lab.runner.value
        #expect(await transitions.next() == nil, "the stream finishes on shutdown")
    }

    @Test("FQDN checks resolve before every probe: first IPv4, else DNS resolution failed")
    func resolution() async {
        let lab = Self.start(checks: [Fixtures.http("named", ip: "", fqdn: "app.lab.example", threshold: 1)],
                             settings: MonitorSettings(checkers: 1))
        lab.addresses.value.withLock { $0 = ["2001:db8::5", "127.0.0.9"] }
        await advance(lab.monitor, lab.clock, by: .seconds(10))
        let first = lab.prober.probed.first
        #expect(first?.address == "127.0.0.9" && first?.resolvedFrom == "app.lab.example" && first?.hostHeader == "app.lab.example")

        lab.addresses.value.withLock { $0 = [] }
        await advance(lab.monitor, lab.clock, by: .seconds(10))
        #expect(lab.prober.probed.count == 1, "no probe without an address")
        #expect(lab.monitor.report(id: "named")?.lastFailure.first?.lastStatus == "Failure: DNS resolution failed")
        #expect(lab.monitor.effectiveStatuses()["named"] == false)
        await lab.monitor.shutdown()
    }

    @Test("drills through the shell: force for a duration, fault, pause, errors")
    func drills() async throws {
        let lab = Self.start(checks: [Fixtures.http("web", interval: 10, threshold: 1), Fixtures.recovery("arc", arn: "arn:x")])
        await advance(lab.monitor, lab.clock, by: .seconds(5))
        try lab.monitor.force(id: "web", healthy: false, for: .seconds(20))
        #expect(lab.monitor.effectiveStatuses()["web"] == false, "forced at once")
        #expect(lab.monitor.transitionHistory().last?.reason == "forced unhealthy by drill")
        await advance(lab.monitor, lab.clock, by: .seconds(20))
        #expect(lab.monitor.effectiveStatuses()["web"] == true, "expired exactly at 25 s")
        #expect(lab.monitor.transitionHistory().last?.decidedAt == lab.clock.start + .seconds(25))

        let probes = lab.prober.probed.count
        try lab.monitor.injectFault(id: "web", .refused, for: nil)
        await advance(lab.monitor, lab.clock, by: .seconds(20))
        #expect(lab.prober.probed.count == probes && lab.monitor.effectiveStatuses()["web"] == false)
        try lab.monitor.injectFault(id: "web", nil, for: nil)
        try lab.monitor.pause(id: "web")
        await advance(lab.monitor, lab.clock, by: .seconds(60))
        #expect(lab.prober.probed.count == probes && lab.monitor.report(id: "web")?.paused == true)
        try lab.monitor.resume(id: "web")
        await advance(lab.monitor, lab.clock, by: .seconds(20))
        #expect(lab.prober.probed.count > probes && lab.monitor.effectiveStatuses()["web"] == true)

        lab.monitor.setRoutingControl(arn: "arn:x", on: false)
        #expect(lab.monitor.effectiveStatuses()["arc"] == false)
        #expect(throws: HealthMonitorError.noSuchHealthCheck("missing")) { try lab.monitor.pause(id: "missing") }
        #expect(throws: HealthMonitorError.notAnEndpointCheck("arc")) { try lab.monitor.injectFault(id: "arc", .timeout, for: nil) }
        await lab.monitor.shutdown()
        await lab.runner.value
    }

    @Test("alarms set through the shell are published immediately")
    func alarms() async {
        let lab = Self.start(checks: [Fixtures.cloudWatch("cw", alarm: "errors", insufficient: .unhealthy)])
        #expect(lab.monitor.effectiveStatuses()["cw"] == false)
        lab.monitor.setAlarm(name: "errors", state: .ok)
        #expect(lab.monitor.effectiveStatuses()["cw"] == true)
        #expect(lab.monitor.transitionHistory().count == 1)
        await lab.monitor.shutdown()
    }

    @Test("shutdown without run returns and finishes the stream")
    func shutdownWithoutRun() async {
        let (logger, _) = CapturingLogHandler.logger()
        let monitor = HealthMonitor(prober: ScriptedProber(), settings: MonitorSettings(), resolver: { _ in [] }, logger: logger,
                                    clock: ManualClock())
        await monitor.shutdown()
        var iterator = monitor.transitions.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        await monitor.run()
    }
}
