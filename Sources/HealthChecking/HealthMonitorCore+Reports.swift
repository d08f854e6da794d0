import Route53Model

extension HealthMonitorCore {
    /// Reports of every check, sorted by id.
    public func reports() -> [HealthCheckReport] {
        checks.keys.sorted().compactMap { report(id: $0) }
    }

    /// The report of one check (real and effective status, overlays, observations, HC-13).
    public func report(id: String) -> HealthCheckReport? {
        guard let runtime = checks[id] else { return nil }
        let config = runtime.config
        var report = HealthCheckReport(check: runtime.check, realHealthy: runtime.real, effectiveHealthy: runtime.effective,
                                       statusReason: statusReason(runtime))
        report.forced = runtime.overlay.forced
        report.forcedUntil = runtime.overlay.forcedUntil
        report.forcedUntilWall = runtime.overlay.forcedUntil.map(wallSeconds)
        report.paused = runtime.overlay.paused
        report.fault = runtime.overlay.fault
        report.faultUntil = runtime.overlay.faultUntil
        report.faultUntilWall = runtime.overlay.faultUntil.map(wallSeconds)
        report.configuredInterval = config.requestInterval
        report.effectiveInterval = MonitorTime.seconds(settings.scaledInterval(for: config))
        report.checkers = runtime.checkers.enumerated().map { index, checker in
            observation(index, checker, status: checker.lastStatus, at: checker.checkedAt)
        }
        report.lastFailure = runtime.checkers.enumerated().compactMap { index, checker in
            checker.lastFailureStatus.map { observation(index, checker, status: $0, at: checker.lastFailureAt) }
        }
        report.healthyCheckers = runtime.healthyCheckers
        report.requiredHealthyCheckers = HealthRules.requiredHealthyCheckers(outOf: runtime.checkers.count)
        switch config.type {
        case .calculated:
            report.healthyChildren = childStatuses(of: config, real: true).count { $0 }
            report.healthThreshold = HealthRules.effectiveHealthThreshold(config.healthThreshold,
                                                                          childCount: config.childHealthChecks.count)
        case .cloudwatchMetric:
            report.alarmState = alarmState(for: config)
        case .recoveryControl:
            report.routingControlOn = HealthRules.routingControlHealthy(on: config.routingControlArn.flatMap { routingControls[$0] })
        default:
            break
        }
        report.lastTransitionAt = runtime.lastTransitionAt
        report.lastTransitionWall = runtime.lastTransitionAt.map(wallSeconds)
        report.lastTiming = runtime.lastTiming
        return report
    }

    private func observation(_ index: Int, _ checker: CheckerRuntime, status: String?, at instant: Instant?) -> CheckerObservation {
        CheckerObservation(index: index, region: checker.identity.region, ipAddress: checker.identity.ipAddress,
                           lastStatus: status, checkedAt: instant, checkedAtWall: instant.map(wallSeconds),
                           consecutiveSuccesses: checker.machine.consecutiveSuccesses,
                           consecutiveFailures: checker.machine.consecutiveFailures, healthy: checker.machine.isHealthy,
                           timing: checker.timing)
    }
}
