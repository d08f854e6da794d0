import HealthChecking
import Route53Model
import Testing

/// Drills on the core: forced status with and without a deadline, pause/resume, injected faults.
struct HealthMonitorCoreDrillTests {
    static func harness(script: @escaping CoreHarness.Script = { _, _ in CoreHarness.ok }, timeScale: Double = 1) -> CoreHarness {
        var harness = CoreHarness(settings: MonitorSettings(timeScale: timeScale, checkers: 3), script: script)
        harness.apply([Fixtures.http("web", interval: 10, threshold: 3), Fixtures.recovery("arc", arn: "arn:control")])
        return harness
    }

    @Test("forced unhealthy for 30 s, then real probing decides again")
    func forcedForDuration() throws {
        var harness = Self.harness()
        harness.run(until: .seconds(5))
        let forced = try harness.core.force(id: "web", healthy: false, for: .seconds(30), now: harness.now)
        #expect(forced.count == 1)
        #expect(forced.first?.healthy == false && forced.first?.realHealthy == true && forced.first?.cause == .drill)
        #expect(forced.first?.reason == "forced unhealthy by drill")
        #expect(forced.first?.lastGoodProbe == nil, "probe stages only for probe-caused transitions")
        #expect(harness.core.report(id: "web")?.forcedUntil == harness.at(.seconds(35)))
        let later = harness.run(until: .seconds(60))
        #expect(later.count == 1)
        #expect(later.first?.healthy == true && later.first?.decidedAt == harness.at(.seconds(35)))
        #expect(later.first?.reason.hasPrefix("drill override expired; 3 of 3 checkers healthy") == true)
        #expect(harness.core.report(id: "web")?.forced == nil)
    }

    @Test("a forced status masks real flips; clearing it publishes the real one")
    func forcedMasksReal() throws {
        var harness = Self.harness(script: { _, elapsed in elapsed >= .seconds(20) ? CoreHarness.refused : CoreHarness.ok })
        try harness.core.force(id: "web", healthy: true, for: nil, now: harness.now)
        harness.run(until: .seconds(100))
        #expect(harness.transitions.isEmpty, "real flip to unhealthy is masked")
        #expect(harness.core.report(id: "web")?.realHealthy == false)
        #expect(harness.core.effectiveStatuses()["web"] == true)
        let cleared = try harness.core.force(id: "web", healthy: nil, for: nil, now: harness.now)
        #expect(cleared.count == 1 && cleared.first?.healthy == false)
        #expect(cleared.first?.reason.hasPrefix("drill override cleared; 3 of 3 checkers unhealthy") == true)
    }

    @Test("pause: no probes and a frozen status; resume probes again")
    func pauseResume() throws {
        var harness = Self.harness(script: { _, elapsed in elapsed >= .seconds(15) ? CoreHarness.refused : CoreHarness.ok })
        harness.run(until: .seconds(12))
        try harness.core.pause(id: "web", now: harness.now)
        let probesBefore = harness.started.count
        harness.run(until: .seconds(200))
        #expect(harness.started.count == probesBefore)
        #expect(harness.core.effectiveStatuses()["web"] == true && harness.core.report(id: "web")?.paused == true)
        let resumed = try harness.core.resume(id: "web", now: harness.now)
        #expect(resumed.isEmpty)
        harness.run(until: .seconds(240))
        #expect(harness.started.count > probesBefore)
        #expect(harness.core.effectiveStatuses()["web"] == false)
        // A forced status still applies to a paused check.
        try harness.core.pause(id: "web", now: harness.now)
        let forced = try harness.core.force(id: "web", healthy: true, for: nil, now: harness.now)
        #expect(forced.first?.healthy == true)
    }

    @Test("refused fault: the target is never probed and the check fails on threshold")
    func refusedFault() throws {
        var harness = Self.harness()
        harness.run(until: .seconds(10))
        let probesBefore = harness.started.count
        try harness.core.injectFault(id: "web", .refused, for: nil, now: harness.now)
        let transitions = harness.run(until: .seconds(50))
        #expect(harness.started.count == probesBefore, "no probe reached the prober")
        #expect(transitions.count == 1 && transitions.first?.reason == "3 of 3 checkers unhealthy: Failure: Connection refused")
        #expect(harness.core.report(id: "web")?.fault == .refused)
    }

    @Test("timeout fault: each failure lands one connect timeout after its probe started")
    func timeoutFault() throws {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 1))
        harness.apply([Fixtures.http("web", interval: 10, threshold: 3)])
        harness.run(until: .seconds(10))
        #expect(harness.started.count == 1)
        let phase = harness.started[0].at
        try harness.core.injectFault(id: "web", .timeout, for: nil, now: harness.now)
        let transitions = harness.run(until: .seconds(100))
        // Probes start at phase+10, +24, +38 (interval counted from each response); each times out
        // 4 s later, so the third failure, and the decision, is at phase + 42.
        #expect(transitions.count == 1)
        #expect(transitions.first?.decidedAt == harness.at(phase + .seconds(42)))
        #expect(transitions.first?.firstFailedProbe == harness.at(phase + .seconds(14)))
        #expect(transitions.first?.lastGoodProbe == harness.at(phase))
        #expect(harness.core.report(id: "web")?.lastFailure.first?.lastStatus == ProberStatus.connectionTimedOut)
        #expect(harness.started.count == 1, "the target was never touched")
    }

    @Test("a fault with a duration expires and real probes resume")
    func faultExpiry() throws {
        var harness = Self.harness()
        try harness.core.injectFault(id: "web", .wrongStatus, for: .seconds(60), now: harness.now)
        harness.run(until: .seconds(59))
        #expect(harness.core.effectiveStatuses()["web"] == false)
        #expect(harness.core.report(id: "web")?.lastFailure.first?.lastStatus == "Failure: HTTP Status Code 500, Internal Server Error")
        harness.run(until: .seconds(120))
        #expect(harness.core.report(id: "web")?.fault == nil)
        #expect(harness.core.effectiveStatuses()["web"] == true)
        #expect(harness.transitions.map(\.healthy) == [false, true])
    }

    @Test("drill errors")
    func errors() {
        var harness = Self.harness()
        #expect(throws: HealthMonitorError.noSuchHealthCheck("nope")) {
            try harness.core.force(id: "nope", healthy: false, for: nil, now: harness.now)
        }
        #expect(throws: HealthMonitorError.noSuchHealthCheck("nope")) { try harness.core.pause(id: "nope", now: harness.now) }
        #expect(throws: HealthMonitorError.notAnEndpointCheck("arc")) {
            try harness.core.injectFault(id: "arc", .refused, for: nil, now: harness.now)
        }
        #expect(throws: HealthMonitorError.invalidDuration(.seconds(-1))) {
            try harness.core.force(id: "web", healthy: false, for: .seconds(-1), now: harness.now)
        }
    }
}
