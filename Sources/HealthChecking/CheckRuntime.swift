import Route53Model

/// What the core remembers about one virtual checker.
struct CheckerRuntime: Sendable, Hashable {
    var identity: CheckerIdentity
    var machine: CheckerStateMachine
    var lastStatus: String?
    var checkedAt: ContinuousClock.Instant?
    var timing: ProbeTiming?
    var lastFailureStatus: String?
    var lastFailureAt: ContinuousClock.Instant?

    init(identity: CheckerIdentity, failureThreshold: Int) {
        self.identity = identity
        machine = CheckerStateMachine(failureThreshold: failureThreshold)
    }
}

/// Check-level probe timestamps for the failover timeline (see `HealthTransition`).
struct ProbeHistory: Sendable, Hashable {
    var lastSuccessAt: ContinuousClock.Instant?
    var lastFailureAt: ContinuousClock.Instant?
    /// First failure since the latest success (nil while the latest result is a success).
    var firstFailureSinceSuccess: ContinuousClock.Instant?
    /// First success since the latest failure.
    var firstSuccessSinceFailure: ContinuousClock.Instant?

    mutating func record(success: Bool, at now: ContinuousClock.Instant) {
        if success {
            lastSuccessAt = now
            firstFailureSinceSuccess = nil
            if firstSuccessSinceFailure == nil { firstSuccessSinceFailure = now }
        } else {
            lastFailureAt = now
            firstSuccessSinceFailure = nil
            if firstFailureSinceSuccess == nil { firstFailureSinceSuccess = now }
        }
    }
}

/// What the core remembers about one check. Status is kept in three layers (`HealthRules`):
/// the *base* from real inputs and from effective inputs (they differ only for CALCULATED checks
/// whose children are forced), and the published *effective* status.
struct CheckRuntime: Sendable {
    var check: HealthCheck
    var plan: ProbePlan?
    var checkers: [CheckerRuntime]
    var overlay = DrillOverlay()
    /// Base status from real inputs / from effective inputs (frozen while paused).
    var realBase = true
    var effectiveBase = true
    /// The effective status last published (transitions are changes of this).
    var effective: Bool
    /// CLOUDWATCH_METRIC `LastKnownStatus` (healthy for a new check, HC-02).
    var lastKnownAlarm = true
    var history = ProbeHistory()
    var lastTiming: ProbeTiming?
    var lastTransitionAt: ContinuousClock.Instant?

    init(check: HealthCheck, plan: ProbePlan?, checkers: [CheckerRuntime]) {
        self.check = check
        self.plan = plan
        self.checkers = checkers
        effective = HealthRules.finalStatus(base: true, inverted: check.config.inverted, disabled: check.config.disabled)
    }

    var config: HealthCheckConfig { check.config }

    /// Real status after Inverted/Disabled (HC-08).
    var real: Bool { HealthRules.finalStatus(base: realBase, inverted: config.inverted, disabled: config.disabled) }

    /// Effective status without this check's own forced overlay.
    var unforced: Bool { HealthRules.finalStatus(base: effectiveBase, inverted: config.inverted, disabled: config.disabled) }

    var healthyCheckers: Int { checkers.count { $0.machine.isHealthy } }

    /// Whether the scheduler should be probing this check right now.
    var wantsProbes: Bool { config.type.isEndpoint && !config.disabled && !overlay.paused }
}

extension CheckRuntime {
    /// Records one checker's probe result (HC-06, HC-13 observations, timeline timestamps) and
    /// returns what the checker's state machine decided.
    mutating func record(_ result: ProbeResult, checker index: Int, at now: ContinuousClock.Instant) -> CheckerStateMachine.Action {
        checkers[index].lastStatus = result.status
        checkers[index].checkedAt = now
        let timing = ProbeTiming(result)
        checkers[index].timing = timing
        if let timing { lastTiming = timing }
        if !result.success {
            checkers[index].lastFailureStatus = result.status
            checkers[index].lastFailureAt = now
        }
        history.record(success: result.success, at: now)
        return checkers[index].machine.record(success: result.success)
    }
}
