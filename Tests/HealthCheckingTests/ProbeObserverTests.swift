import HealthChecking
import Synchronization
import Testing

/// The monitor's probe observer (issue 5 item 3): the metrics layer sees every real probe's
/// result — the source of the HC-14 timing histograms — and no drill-synthesised one.
struct ProbeObserverTests {
    final class Observed: Sendable {
        let results = Mutex<[(String, ProbeResult)]>([])
    }

    @Test("every real probe is reported with its check ID and timings; injected faults are not")
    func observesRealProbes() async {
        let clock = ManualClock()
        let prober = ScriptedProber()
        let observed = Observed()
        let (logger, _) = CapturingLogHandler.logger()
        let monitor = HealthMonitor(prober: prober, settings: MonitorSettings(checkers: 3), resolver: { _ in [] },
                                    logger: logger, clock: clock,
                                    probeObserver: { id, result in observed.results.withLock { $0.append((id, result)) } })
        monitor.apply([Fixtures.http("web", interval: 10, threshold: 2)])
        let runner = Task { await monitor.run() }

        await advance(monitor, clock, by: .seconds(30))
        let real = observed.results.withLock { $0 }
        #expect(real.count == prober.probed.count && real.count >= 6)
        #expect(real.allSatisfy { $0.0 == "web" && $0.1.connectTime == .milliseconds(1) && $0.1.timeToFirstByte == .milliseconds(2) })

        // A drill fault answers without I/O: nothing measured, nothing observed.
        let probedBefore = prober.probed.count
        try? monitor.injectFault(id: "web", .refused, for: nil)
        await advance(monitor, clock, by: .seconds(30))
        #expect(prober.probed.count == probedBefore)
        #expect(observed.results.withLock { $0.count } == real.count)
        #expect(monitor.report(id: "web")?.checkers.first?.lastStatus?.hasPrefix("Failure") == true)

        await monitor.shutdown()
        await runner.value
    }
}
