import HealthChecking
import Route53Model
import Testing

/// The core end to end in virtual time: threshold (HC-06), 18 % rule (HC-07), initial state and
/// Inverted/Disabled (HC-08), config changes that must not reset health, the timeline fields.
struct HealthMonitorCoreTests {
    static func failing(between from: Duration, and to: Duration) -> CoreHarness.Script {
        { _, elapsed in elapsed >= from && elapsed < to ? CoreHarness.refused : CoreHarness.ok }
    }

    @Test("30 probes of one checker: flips after the 3rd failure and the 3rd success")
    func thirtyProbeSequence() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 1),
                                  script: Self.failing(between: .seconds(100), and: .seconds(200)))
        harness.apply([Fixtures.http("web", interval: 10, threshold: 3)])
        let transitions = harness.run(until: .seconds(300))
        let probeTimes = harness.started.map(\.at)
        #expect(probeTimes.count == 30)
        for (earlier, later) in zip(probeTimes, probeTimes.dropFirst()) { #expect(later - earlier == .seconds(10)) }
        let failures = probeTimes.filter { $0 >= .seconds(100) && $0 < .seconds(200) }
        let lastGood = probeTimes.last { $0 < .seconds(100) }!
        let firstGood = probeTimes.first { $0 >= .seconds(200) }!
        #expect(transitions.count == 2)
        guard transitions.count == 2 else { return }
        let down = transitions[0]
        #expect(down.checkId == "web" && !down.healthy && down.previous && !down.realHealthy && down.cause == .probes)
        #expect(down.decidedAt == harness.at(failures[2]))
        #expect(down.lastGoodProbe == harness.at(lastGood))
        #expect(down.firstFailedProbe == harness.at(failures[0]))
        #expect(down.reason == "1 of 1 checkers unhealthy: Failure: Connection refused")
        #expect(down.decidedAtWall == 1_700_000_000 + MonitorTime.seconds(failures[2]))
        let up = transitions[1]
        #expect(up.healthy && !up.previous && up.cause == .probes)
        #expect(up.decidedAt == harness.at(firstGood + .seconds(20)))
        #expect(up.lastFailedProbe == harness.at(failures.last!) && up.firstGoodProbe == harness.at(firstGood))
        #expect(up.lastProbeBefore == up.lastFailedProbe && up.firstProbeAfter == up.firstGoodProbe)
        #expect(up.reason == "1 of 1 checkers healthy: Success: HTTP Status Code 200, OK")
        #expect(up.sequence == down.sequence + 1)
    }

    /// HC-07 with Route 53's 16 checkers (2 per region): 3 healthy keep the check healthy.
    @Test("16 checkers, k of them failing", arguments: [(0, true), (13, true), (14, false), (16, false)])
    func eighteenPercent(failing: Int, healthy: Bool) {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 0)) { order, _ in
            order.checker < failing ? CoreHarness.refused : CoreHarness.ok
        }
        harness.apply([Fixtures.http("web", threshold: 1)])
        harness.run(until: .seconds(30))
        let report = harness.core.report(id: "web")
        #expect(report?.checkers.count == 16)
        #expect(report?.requiredHealthyCheckers == 3)
        #expect(report?.healthyCheckers == 16 - failing)
        #expect(harness.core.effectiveStatuses()["web"] == healthy)
        #expect(harness.transitions.count == (healthy ? 0 : 1))
        #expect(Set(report?.checkers.map(\.region) ?? []) == Set(HealthCheckConfig.allRegions))
        #expect(Set(report?.checkers.map(\.ipAddress) ?? []).count == 16)
    }

    @Test("3 checkers: unhealthy only when the last one flips (3 → 1 needed)")
    func threeCheckers() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 3), script: Self.failing(between: .seconds(50), and: .seconds(1000)))
        harness.apply([Fixtures.http("web", interval: 10, threshold: 2)])
        let transitions = harness.run(until: .seconds(120))
        #expect(transitions.count == 1)
        // Each checker flips at its 2nd failure; the check flips with the last of them.
        let secondFailures = (0..<3).map { checker in
            harness.started.filter { $0.order.checker == checker && $0.at >= .seconds(50) }.map(\.at)[1]
        }
        #expect(transitions.first?.decidedAt == harness.at(secondFailures.max()!))
        #expect(transitions.first?.reason == "3 of 3 checkers unhealthy: Failure: Connection refused")
    }

    struct InitialRow: Sendable {
        let inverted: Bool
        let disabled: Bool
        let healthy: Bool
        let probes: Bool
    }

    /// HC-08: a new check is healthy, a new inverted one unhealthy; Disabled stops probing.
    @Test("initial status", arguments: [
        InitialRow(inverted: false, disabled: false, healthy: true, probes: true),
        InitialRow(inverted: true, disabled: false, healthy: false, probes: true),
        InitialRow(inverted: false, disabled: true, healthy: true, probes: false),
        InitialRow(inverted: true, disabled: true, healthy: false, probes: false),
    ])
    func initialStatus(_ row: InitialRow) {
        var harness = CoreHarness(script: { _, _ in CoreHarness.refused })
        harness.apply([Fixtures.http("web", threshold: 1, inverted: row.inverted, disabled: row.disabled)])
        #expect(harness.transitions.isEmpty, "adding a check emits no transition")
        #expect(harness.core.effectiveStatuses()["web"] == row.healthy)
        harness.run(until: .seconds(60))
        #expect(!harness.started.isEmpty == row.probes)
        // Probes (all failing) flip only probed checks; Inverted turns the failure into healthy.
        #expect(harness.core.effectiveStatuses()["web"] == (row.probes ? row.inverted : row.healthy))
    }

    @Test("an unchanged config keeps all state; an update keeps checker state")
    func applyKeepsState() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 1), script: { _, _ in CoreHarness.refused })
        let web = Fixtures.http("web", threshold: 2)
        harness.apply([web])
        harness.run(until: .seconds(30))
        #expect(harness.core.effectiveStatuses()["web"] == false)
        let count = harness.transitions.count
        harness.apply([web, Fixtures.http("other")])
        #expect(harness.transitions.count == count && harness.core.effectiveStatuses()["web"] == false)
        harness.apply([Fixtures.http("web", port: 8080, threshold: 5), Fixtures.http("other")])
        #expect(harness.transitions.count == count, "port/threshold update: no reset")
        #expect(harness.core.report(id: "web")?.checkers.first?.consecutiveFailures ?? 0 >= 2)
        harness.apply([Fixtures.http("web", port: 8080, threshold: 5, inverted: true), Fixtures.http("other")])
        #expect(harness.transitions.last?.cause == .configuration && harness.transitions.last?.healthy == true)
        harness.apply([Fixtures.http("other")])
        harness.apply([Fixtures.http("web", port: 8080, threshold: 5), Fixtures.http("other")])
        #expect(harness.core.effectiveStatuses()["web"] == true, "removed and re-added: a new check")
        #expect(harness.core.checkIDs == ["other", "web"])
    }

    @Test("FQDN-only checks hand out resolve orders; IP checks connect orders")
    func orders() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 1))
        harness.apply([Fixtures.http("byname", ip: "", fqdn: "app.lab.example"), Fixtures.http("byip")])
        harness.run(until: .seconds(10))
        let plans = Dictionary(harness.started.map { ($0.order.checkId, $0.order.plan) }, uniquingKeysWith: { first, _ in first })
        guard case .resolve(let fqdn, _) = plans["byname"], case .connect(let target) = plans["byip"] else {
            Issue.record("unexpected plans \(plans)")
            return
        }
        #expect(fqdn == "app.lab.example" && target.address == "192.0.2.10")
        #expect(harness.started.allSatisfy { $0.order.budget > .seconds(8) })
    }

    @Test("report: scaled interval, observations, last failures")
    func report() {
        var harness = CoreHarness(settings: MonitorSettings(timeScale: 0.1, checkers: 2),
                                  script: Self.failing(between: .seconds(2), and: .seconds(1000)))
        harness.apply([Fixtures.http("web", interval: 10, threshold: 3)])
        harness.run(until: .seconds(1))
        var report = harness.core.report(id: "web")
        #expect(report?.configuredInterval == 10 && report?.effectiveInterval == 1)
        #expect(report?.checkers.map(\.lastStatus) == ["Success: HTTP Status Code 200, OK", "Success: HTTP Status Code 200, OK"])
        #expect(report?.lastFailure.isEmpty == true)
        #expect(report?.statusReason == "2 of 2 checkers healthy: Success: HTTP Status Code 200, OK")
        harness.run(until: .seconds(10))
        report = harness.core.report(id: "web")
        #expect(report?.realHealthy == false && report?.effectiveHealthy == false)
        #expect(report?.lastFailure.count == 2)
        #expect(report?.lastFailure.allSatisfy { $0.lastStatus == "Failure: Connection refused" && !$0.healthy } == true)
        #expect(report?.checkers.first?.checkedAtWall != nil)
        #expect(report?.lastTransitionAt == harness.transitions.last?.decidedAt)
        #expect(report?.statusReason == "2 of 2 checkers unhealthy: Failure: Connection refused")
    }

    @Test("a probe that never answers only holds its own checker")
    func hostileProbe() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 2)) { order, _ in
            order.checkId == "hostile" ? nil : CoreHarness.ok
        }
        harness.apply([Fixtures.http("hostile", interval: 1), Fixtures.http("good", interval: 1)])
        harness.run(until: .seconds(100))
        #expect(harness.pending.count == 2)
        #expect(harness.started.filter { $0.order.checkId == "good" }.count == 200)
        // The late answer still counts once it arrives.
        let late = harness.pending[0]
        #expect(harness.core.isCurrent(late))
        harness.core.complete(late, with: CoreHarness.refused, at: harness.now)
        #expect(harness.core.report(id: "hostile")?.checkers[late.checker].consecutiveFailures == 1)
    }
}
