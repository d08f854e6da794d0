import HealthChecking
import Route53Model
import Testing

/// CALCULATED (HC-09), CLOUDWATCH_METRIC (HC-10) and RECOVERY_CONTROL checks on the core.
struct HealthMonitorCoreTypeTests {
    struct ChildRow: Sendable, CustomTestStringConvertible {
        /// Per child: routing control ON?, Inverted, Disabled.
        let children: [(on: Bool, inverted: Bool, disabled: Bool)]
        let threshold: Int?
        let healthy: Bool
        var testDescription: String { "\(children.map { "\($0.on ? "ON" : "OFF")\($0.inverted ? "+inv" : "")\($0.disabled ? "+dis" : "")" }) ≥ \(threshold.map(String.init) ?? "all")" }
    }

    static let childRows: [ChildRow] = [
        ChildRow(children: [(true, false, false), (true, false, false), (false, false, false)], threshold: 2, healthy: true),
        ChildRow(children: [(true, false, false), (false, false, false), (false, false, false)], threshold: 2, healthy: false),
        // An inverted child contributes its inverted status.
        ChildRow(children: [(true, false, false), (false, true, false), (false, false, false)], threshold: 2, healthy: true),
        ChildRow(children: [(true, true, false), (true, false, false), (false, false, false)], threshold: 2, healthy: false),
        // A disabled child counts healthy; disabled + inverted counts unhealthy.
        ChildRow(children: [(false, false, true), (true, false, false), (false, false, false)], threshold: 2, healthy: true),
        ChildRow(children: [(true, true, true), (true, false, false), (false, false, false)], threshold: 2, healthy: false),
        // Threshold 0 → always healthy; threshold > children → always unhealthy; absent → all.
        ChildRow(children: [(false, false, false), (false, false, false)], threshold: 0, healthy: true),
        ChildRow(children: [(true, false, false), (true, false, false)], threshold: 3, healthy: false),
        ChildRow(children: [(true, false, false), (true, false, false)], threshold: nil, healthy: true),
        ChildRow(children: [(true, false, false), (false, false, false)], threshold: nil, healthy: false),
    ]

    @Test("calculated status from children", arguments: childRows)
    func calculated(_ row: ChildRow) {
        var harness = CoreHarness()
        var checks: [HealthCheck] = []
        for (index, child) in row.children.enumerated() {
            var check = Fixtures.recovery("c\(index)", arn: "arn:c\(index)")
            check.config.inverted = child.inverted
            check.config.disabled = child.disabled
            checks.append(check)
            harness.transitions += harness.core.setRoutingControl(arn: "arn:c\(index)", on: child.on, now: harness.now)
        }
        checks.append(Fixtures.calculated("parent", children: checks.map(\.id), threshold: row.threshold))
        harness.apply(checks)
        #expect(harness.core.effectiveStatuses()["parent"] == row.healthy)
        #expect(harness.core.report(id: "parent")?.realHealthy == row.healthy)
    }

    @Test("a parent is recomputed in the same step as the child that flips")
    func sameStep() {
        var harness = CoreHarness(settings: MonitorSettings(checkers: 1)) { order, elapsed in
            order.checkId == "b" && elapsed >= .seconds(30) ? CoreHarness.refused : CoreHarness.ok
        }
        harness.apply([Fixtures.http("a", threshold: 1), Fixtures.http("b", threshold: 1),
                       Fixtures.calculated("and", children: ["a", "b"], threshold: 2),
                       Fixtures.calculated("or", children: ["a", "b"], threshold: 1)])
        let transitions = harness.run(until: .seconds(60))
        #expect(transitions.map(\.checkId) == ["b", "and"])
        #expect(transitions.count == 2 && transitions[0].decidedAt == transitions[1].decidedAt)
        #expect(transitions.last?.cause == .children)
        #expect(transitions.last?.reason == "1 of 2 child health checks healthy (HealthThreshold 2)")
        #expect(harness.core.report(id: "and")?.healthyChildren == 1 && harness.core.report(id: "and")?.healthThreshold == 2)
    }

    @Test("a forced child changes the parent's effective status, not its real one")
    func forcedChild() throws {
        var harness = CoreHarness()
        harness.apply([Fixtures.recovery("a", arn: "arn:a"), Fixtures.calculated("parent", children: ["a"], threshold: 1)])
        let transitions = try harness.core.force(id: "a", healthy: false, for: nil, now: harness.now)
        #expect(transitions.map(\.checkId) == ["a", "parent"])
        let parent = harness.core.report(id: "parent")
        #expect(parent?.effectiveHealthy == false && parent?.realHealthy == true)
    }

    @Test("a missing child counts healthy; adding it later re-evaluates the parent")
    func missingChild() {
        var harness = CoreHarness()
        harness.transitions += harness.core.setRoutingControl(arn: "arn:late", on: false, now: harness.now)
        harness.apply([Fixtures.calculated("parent", children: ["late"], threshold: 1)])
        #expect(harness.core.effectiveStatuses()["parent"] == true)
        harness.apply([Fixtures.calculated("parent", children: ["late"], threshold: 1), Fixtures.recovery("late", arn: "arn:late")])
        #expect(harness.core.effectiveStatuses()["parent"] == false)
        #expect(harness.transitions.last?.checkId == "parent" && harness.transitions.last?.cause == .children)
    }

    struct AlarmRow: Sendable, CustomTestStringConvertible {
        let insufficient: InsufficientDataHealthStatus?
        let states: [AlarmState]
        /// Status after adding the check, then after each state.
        let statuses: [Bool]
        var testDescription: String { "\(insufficient?.rawValue ?? "default"): \(states.map(\.rawValue))" }
    }

    static let alarmRows: [AlarmRow] = [
        AlarmRow(insufficient: nil, states: [.alarm, .insufficientData, .ok, .insufficientData], statuses: [true, false, false, true, true]),
        AlarmRow(insufficient: .lastKnownStatus, states: [.insufficientData, .alarm, .insufficientData], statuses: [true, true, false, false]),
        AlarmRow(insufficient: .healthy, states: [.alarm, .insufficientData], statuses: [true, false, true]),
        AlarmRow(insufficient: .unhealthy, states: [.ok, .insufficientData, .alarm], statuses: [false, true, false, false]),
    ]

    @Test("cloudwatch alarm states", arguments: alarmRows)
    func cloudWatch(_ row: AlarmRow) {
        var harness = CoreHarness()
        harness.apply([Fixtures.cloudWatch("cw", alarm: "cpu-high", insufficient: row.insufficient)])
        var seen = [harness.core.effectiveStatuses()["cw"]!]
        for state in row.states {
            harness.transitions += harness.core.setAlarm(name: "cpu-high", state: state, now: harness.now)
            harness.transitions += harness.core.setAlarm(name: "unrelated", state: .alarm, now: harness.now)
            seen.append(harness.core.effectiveStatuses()["cw"]!)
        }
        #expect(seen == row.statuses)
        #expect(harness.transitions.allSatisfy { $0.cause == .alarm })
        #expect(harness.core.report(id: "cw")?.alarmState == row.states.last)
    }

    @Test("recovery control: ON by default, OFF is unhealthy")
    func recoveryControl() {
        var harness = CoreHarness()
        harness.apply([Fixtures.recovery("arc", arn: "arn:aws:route53-recovery-control::1:controlpanel/x/routingcontrol/y")])
        #expect(harness.core.effectiveStatuses()["arc"] == true)
        let off = harness.core.setRoutingControl(arn: "arn:aws:route53-recovery-control::1:controlpanel/x/routingcontrol/y", on: false,
                                                 now: harness.now)
        #expect(off.count == 1 && off.first?.healthy == false && off.first?.cause == .routingControl)
        let unrelated = harness.core.setRoutingControl(arn: "arn:other", on: false, now: harness.now)
        #expect(unrelated.isEmpty)
        #expect(harness.core.report(id: "arc")?.routingControlOn == false)
    }
}
