import HealthChecking
import Route53Model
import Testing

struct HealthRulesTests {
    /// HC-07 worked values and a few more boundaries.
    @Test("healthy checkers required (> 18 %)",
          arguments: [(16, 3), (15, 3), (6, 2), (3, 1), (1, 1), (2, 1), (5, 1), (10, 2), (11, 2), (50, 10), (100, 19), (0, 0)])
    func required(total: Int, needed: Int) {
        #expect(HealthRules.requiredHealthyCheckers(outOf: total) == needed)
    }

    @Test("18 % rule against a floating-point oracle for every h ≤ n ≤ 64")
    func eighteenPercentOracle() {
        for total in 1...64 {
            for healthy in 0...total {
                let expected = Double(healthy) / Double(total) > 0.18
                #expect(HealthRules.endpointHealthy(healthyCheckers: healthy, totalCheckers: total) == expected,
                        "\(healthy)/\(total)")
            }
        }
    }

    /// HC-08: base × Inverted × Disabled.
    @Test("final status", arguments: [
        (true, false, false, true), (false, false, false, false),
        (true, true, false, false), (false, true, false, true),
        (true, false, true, true), (false, false, true, true),
        (true, true, true, false), (false, true, true, false),
    ])
    func finalStatus(base: Bool, inverted: Bool, disabled: Bool, expected: Bool) {
        #expect(HealthRules.finalStatus(base: base, inverted: inverted, disabled: disabled) == expected)
    }

    /// HC-09 (children are final statuses).
    @Test("calculated", arguments: [
        ([true, true, false], 2, true), ([true, false, false], 2, false),
        ([false, false, false], 0, true), ([true, true, true], 4, false),
        ([true, true, true], 3, true), ([false, false, true], 1, true), ([Bool](), 0, true), ([Bool](), 1, false),
    ])
    func calculated(children: [Bool], threshold: Int, expected: Bool) {
        #expect(HealthRules.calculatedHealthy(children: children, threshold: threshold) == expected)
    }

    @Test("absent HealthThreshold means every child")
    func defaultThreshold() {
        #expect(HealthRules.effectiveHealthThreshold(nil, childCount: 3) == 3)
        #expect(HealthRules.effectiveHealthThreshold(0, childCount: 3) == 0)
    }

    /// HC-10: alarm × InsufficientDataHealthStatus × last known.
    @Test("cloudwatch", arguments: [
        (AlarmState.ok, InsufficientDataHealthStatus?.none, false, true),
        (.alarm, InsufficientDataHealthStatus?.none, true, false),
        (.insufficientData, .healthy, false, true),
        (.insufficientData, .unhealthy, true, false),
        (.insufficientData, .lastKnownStatus, false, false),
        (.insufficientData, .lastKnownStatus, true, true),
        (.insufficientData, nil, false, false),
        (.insufficientData, nil, true, true),
    ])
    func cloudWatch(alarm: AlarmState, insufficient: InsufficientDataHealthStatus?, lastKnown: Bool, expected: Bool) {
        #expect(HealthRules.cloudWatchHealthy(alarm: alarm, insufficientData: insufficient, lastKnown: lastKnown) == expected)
    }

    @Test("routing control defaults to ON")
    func routingControl() {
        #expect(HealthRules.routingControlHealthy(on: nil))
        #expect(HealthRules.routingControlHealthy(on: true))
        #expect(!HealthRules.routingControlHealthy(on: false))
    }
}
