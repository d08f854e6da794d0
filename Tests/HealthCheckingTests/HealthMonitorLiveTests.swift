import HealthChecking
import Route53Model
import TestSupport
import Testing

/// The shell on the real clock: the probe safety budget, and the real `TCPProber` against a real
/// loopback target that the test stops and restarts on the same port. Each wait is bounded by a
/// generous guard (a hung test fails instead of hanging); nothing asserts on elapsed time.
@Suite(.serialized)
struct HealthMonitorLiveTests {
    @Test("a prober that never returns is cut off by the monitor's budget")
    func budget() async {
        let prober = ScriptedProber(default: .hanging)
        let (logger, _) = CapturingLogHandler.logger()
        // Interval 10 s × 0.01 = 100 ms; deadlines 40/20/20 ms → budget 2 × 80 ms + 250 ms.
        let monitor = HealthMonitor(prober: prober, settings: MonitorSettings(timeScale: 0.01, checkers: 1),
                                    resolver: { _ in [] }, logger: logger)
        monitor.apply([Fixtures.http("stuck", interval: 10, threshold: 1)])
        let runner = Task { await monitor.run() }
        let transition = await firstTransition(of: monitor.transitions, within: .seconds(30))
        #expect(transition?.healthy == false)
        #expect(monitor.report(id: "stuck")?.lastFailure.first?.lastStatus == ProberStatus.deadlineExceeded)
        await monitor.shutdown()
        await runner.value
    }

    @Test("TCP check against a real listener: closed → unhealthy, reopened → healthy")
    func tcpFailover() async throws {
        let target = try await FakeTCPTarget.started()
        let (logger, log) = CapturingLogHandler.logger()
        // Interval 1 s × 0.05 = 50 ms between probes; connect timeout 10 s × 0.05 = 500 ms.
        let monitor = HealthMonitor(prober: TCPProber(), settings: MonitorSettings(timeScale: 0.05, checkers: 3),
                                    resolver: { _ in [] }, logger: logger)
        monitor.apply([Fixtures.tcp("db", ip: "127.0.0.1", port: target.port, interval: 1, threshold: 2)])
        let runner = Task { await monitor.run() }
        #expect(await poll {
            monitor.report(id: "db")?.checkers.allSatisfy { $0.lastStatus == "Success: TCP connection established" } == true
        })
        await target.stop()
        let down = await firstTransition(of: monitor.transitions, within: .seconds(30))
        #expect(down?.healthy == false)
        #expect(down?.reason == "3 of 3 checkers unhealthy: Failure: Connection refused")
        try await target.restart()
        let up = await firstTransition(of: monitor.transitions, within: .seconds(30))
        #expect(up?.healthy == true)
        #expect(monitor.report(id: "db")?.lastTiming?.connect != nil)
        // The line is written just after the transition is yielded, on the prober's thread.
        #expect(await poll { log.all.filter { $0.level == .notice }.count == 2 })
        await monitor.shutdown()
        await runner.value
        await target.stop()
    }
}
