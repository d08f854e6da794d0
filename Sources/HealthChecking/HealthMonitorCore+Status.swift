import Route53Model

extension HealthMonitorCore {
    /// Recomputes one check's base status from its inputs (unless paused: the status is frozen),
    /// publishes a change of its effective status as a transition, and re-evaluates its CALCULATED
    /// parents in the same step (HC-09). Returns the check's transition (if any) followed by its
    /// parents'.
    mutating func recompute(_ id: String, now: Instant, cause: HealthTransition.Cause,
                            reasonPrefix: String? = nil) -> [HealthTransition] {
        var transitions: [HealthTransition] = []
        recompute(id, now: now, cause: cause, reasonPrefix: reasonPrefix, into: &transitions)
        return transitions
    }

    private mutating func recompute(_ id: String, now: Instant, cause: HealthTransition.Cause, reasonPrefix: String?,
                                    into transitions: inout [HealthTransition]) {
        guard var runtime = checks[id] else { return }
        if !runtime.overlay.paused { computeBase(&runtime) }
        let effective = runtime.overlay.effective(computed: runtime.unforced)
        let previous = runtime.effective
        runtime.effective = effective
        if effective != previous {
            runtime.lastTransitionAt = now
            checks[id] = runtime
            transitions.append(makeTransition(runtime, previous: previous, now: now, cause: cause, reasonPrefix: reasonPrefix))
        } else {
            checks[id] = runtime
        }
        for parent in parents[id] ?? [] where parent != id {
            recompute(parent, now: now, cause: .children, reasonPrefix: nil, into: &transitions)
        }
    }

    /// Sets `realBase`/`effectiveBase` from the type-specific rule (HC-07, HC-09, HC-10, HC-01).
    mutating func computeBase(_ runtime: inout CheckRuntime) {
        let config = runtime.config
        switch config.type {
        case .http, .https, .httpStrMatch, .httpsStrMatch, .tcp:
            let healthy = HealthRules.endpointHealthy(healthyCheckers: runtime.healthyCheckers,
                                                      totalCheckers: runtime.checkers.count)
            runtime.realBase = healthy
            runtime.effectiveBase = healthy
        case .calculated:
            let threshold = HealthRules.effectiveHealthThreshold(config.healthThreshold, childCount: config.childHealthChecks.count)
            runtime.realBase = HealthRules.calculatedHealthy(children: childStatuses(of: config, real: true), threshold: threshold)
            runtime.effectiveBase = HealthRules.calculatedHealthy(children: childStatuses(of: config, real: false),
                                                                  threshold: threshold)
        case .cloudwatchMetric:
            let state = alarmState(for: config)
            let healthy = HealthRules.cloudWatchHealthy(alarm: state, insufficientData: config.insufficientDataHealthStatus,
                                                        lastKnown: runtime.lastKnownAlarm)
            if state != .insufficientData { runtime.lastKnownAlarm = state == .ok }
            runtime.realBase = healthy
            runtime.effectiveBase = healthy
        case .recoveryControl:
            let healthy = HealthRules.routingControlHealthy(on: config.routingControlArn.flatMap { routingControls[$0] })
            runtime.realBase = healthy
            runtime.effectiveBase = healthy
        }
    }

    /// Children's final statuses; a child that is not monitored counts as healthy, as a record
    /// whose health check no longer exists does (HC-12a lab rule).
    func childStatuses(of config: HealthCheckConfig, real: Bool) -> [Bool] {
        config.childHealthChecks.map { child in
            guard let runtime = checks[child] else { return true }
            return real ? runtime.real : runtime.effective
        }
    }

    func alarmState(for config: HealthCheckConfig) -> AlarmState {
        config.alarmIdentifier.flatMap { alarms[$0.name] } ?? .insufficientData
    }

    mutating func makeTransition(_ runtime: CheckRuntime, previous: Bool, now: Instant, cause: HealthTransition.Cause,
                                 reasonPrefix: String?) -> HealthTransition {
        lastSequence += 1
        var reason = runtime.overlay.forced.map { "forced \($0 ? "healthy" : "unhealthy") by drill" } ?? statusReason(runtime)
        if let reasonPrefix { reason = "\(reasonPrefix); \(reason)" }
        let byProbes = cause == .probes
        let transition = HealthTransition(
            sequence: lastSequence, checkId: runtime.check.id, healthy: runtime.effective, previous: previous,
            realHealthy: runtime.real, reason: reason, cause: cause,
            lastGoodProbe: byProbes ? runtime.history.lastSuccessAt : nil,
            firstFailedProbe: byProbes ? runtime.history.firstFailureSinceSuccess : nil,
            lastFailedProbe: byProbes ? runtime.history.lastFailureAt : nil,
            firstGoodProbe: byProbes ? runtime.history.firstSuccessSinceFailure : nil,
            decidedAt: now, decidedAtWall: wallSeconds(now))
        history.append(transition)
        let capacity = max(1, settings.historyCapacity)
        if history.count > capacity { history.removeFirst(history.count - capacity) }
        return transition
    }

    /// Why the (unforced) status is what it is, in words.
    func statusReason(_ runtime: CheckRuntime) -> String {
        let config = runtime.config
        if config.disabled {
            return config.inverted ? "disabled and inverted: always unhealthy (HC-08)" : "disabled: always healthy (HC-08)"
        }
        let base: String
        switch config.type {
        case .http, .https, .httpStrMatch, .httpsStrMatch, .tcp:
            base = endpointReason(runtime)
        case .calculated:
            let children = childStatuses(of: config, real: false)
            let threshold = HealthRules.effectiveHealthThreshold(config.healthThreshold, childCount: children.count)
            base = "\(children.count { $0 }) of \(children.count) child health checks healthy (HealthThreshold \(threshold))"
        case .cloudwatchMetric:
            let name = config.alarmIdentifier?.name ?? "(none)"
            let state = alarmState(for: config)
            base = state == .insufficientData
                ? "alarm \(name) is INSUFFICIENT_DATA, InsufficientDataHealthStatus "
                    + (config.insufficientDataHealthStatus ?? .lastKnownStatus).rawValue
                : "alarm \(name) is \(state.rawValue)"
        case .recoveryControl:
            let arn = config.routingControlArn ?? "(none)"
            base = "routing control \(arn) is \(HealthRules.routingControlHealthy(on: routingControls[arn]) ? "ON" : "OFF")"
        }
        return config.inverted ? "\(base), inverted" : base
    }

    private func endpointReason(_ runtime: CheckRuntime) -> String {
        let total = runtime.checkers.count
        let healthy = runtime.healthyCheckers
        guard runtime.checkers.contains(where: { $0.checkedAt != nil }) else { return "no probe results yet: a new check is healthy (HC-08)" }
        if runtime.effectiveBase {
            let success = runtime.checkers.filter { $0.lastStatus?.hasPrefix("Success") == true }
                .max { $0.checkedAt! < $1.checkedAt! }?.lastStatus
            return "\(healthy) of \(total) checkers healthy" + (success.map { ": \($0)" } ?? "")
        }
        let failure = runtime.checkers.filter { $0.lastFailureAt != nil }.max { $0.lastFailureAt! < $1.lastFailureAt! }?.lastFailureStatus
        return "\(total - healthy) of \(total) checkers unhealthy" + (failure.map { ": \($0)" } ?? "")
    }
}
