import Route53Model

extension HealthMonitorCore {
    /// Forces the effective status (`nil` clears), optionally for `duration` (wall time, never
    /// scaled); real probing continues underneath and decides again when the force ends.
    @discardableResult
    public mutating func force(id: String, healthy: Bool?, for duration: Duration?,
                               now: Instant) throws(HealthMonitorError) -> [HealthTransition] {
        guard var runtime = checks[id] else { throw .noSuchHealthCheck(id) }
        if healthy != nil, let duration, duration <= .zero { throw .invalidDuration(duration) }
        let wasForced = runtime.overlay.forced != nil
        runtime.overlay.force(healthy, for: duration, now: now)
        checks[id] = runtime
        noteOverlay(id)
        return recompute(id, now: now, cause: .drill,
                         reasonPrefix: healthy == nil && wasForced ? "drill override cleared" : nil)
    }

    /// Stops probing the check and freezes its computed status (forcing still applies). Probes in
    /// flight are disregarded. Applies to every type: a paused CALCULATED or CLOUDWATCH_METRIC check
    /// ignores its inputs until resumed.
    /// Returns no transitions (freezing cannot change a status); the array keeps every drill
    /// operation's shape alike.
    @discardableResult
    public mutating func pause(id: String, now: Instant) throws(HealthMonitorError) -> [HealthTransition] {
        guard var runtime = checks[id] else { throw .noSuchHealthCheck(id) }
        runtime.overlay.paused = true
        checks[id] = runtime
        syncScheduling(id, now: now)
        return []
    }

    /// Resumes probing (checkers restart at random phases, keeping their state) and re-evaluates
    /// the check from its current inputs.
    @discardableResult
    public mutating func resume(id: String, now: Instant) throws(HealthMonitorError) -> [HealthTransition] {
        guard var runtime = checks[id] else { throw .noSuchHealthCheck(id) }
        guard runtime.overlay.paused else { return [] }
        runtime.overlay.paused = false
        checks[id] = runtime
        syncScheduling(id, now: now)
        return recompute(id, now: now, cause: .drill, reasonPrefix: "probing resumed")
    }

    /// Injects a probe fault (`nil` clears), optionally for `duration` (wall time). From the next
    /// probe on, every checker's result is synthesised (`ProbeFault`) without touching the target.
    public mutating func injectFault(id: String, _ fault: ProbeFault?, for duration: Duration?,
                                     now: Instant) throws(HealthMonitorError) {
        guard var runtime = checks[id] else { throw .noSuchHealthCheck(id) }
        guard runtime.config.type.isEndpoint else { throw .notAnEndpointCheck(id) }
        if fault != nil, let duration, duration <= .zero { throw .invalidDuration(duration) }
        runtime.overlay.inject(fault, for: duration, now: now)
        checks[id] = runtime
        noteOverlay(id)
    }

    /// Sets a lab CloudWatch alarm (HC-10 side channel); every CLOUDWATCH_METRIC check watching an
    /// alarm of this name is re-evaluated at once. Unknown names are remembered for later checks.
    @discardableResult
    public mutating func setAlarm(name: String, state: AlarmState, now: Instant) -> [HealthTransition] {
        alarms[name] = state
        var transitions: [HealthTransition] = []
        for id in checks.keys.sorted() {
            guard let config = checks[id]?.config, config.type == .cloudwatchMetric, config.alarmIdentifier?.name == name else {
                continue
            }
            transitions += recompute(id, now: now, cause: .alarm)
        }
        return transitions
    }

    /// Sets a lab routing control (RECOVERY_CONTROL side channel, HC-10 lab rule) ON or OFF.
    @discardableResult
    public mutating func setRoutingControl(arn: String, on: Bool, now: Instant) -> [HealthTransition] {
        routingControls[arn] = on
        var transitions: [HealthTransition] = []
        for id in checks.keys.sorted() {
            guard let config = checks[id]?.config, config.type == .recoveryControl, config.routingControlArn == arn else {
                continue
            }
            transitions += recompute(id, now: now, cause: .routingControl)
        }
        return transitions
    }

    /// The alarm state the lab holds for `name` (`INSUFFICIENT_DATA` if never set).
    public func alarm(name: String) -> AlarmState { alarms[name] ?? .insufficientData }

    /// The routing control state for `arn` (ON if never set).
    public func routingControl(arn: String) -> Bool { routingControls[arn] ?? true }
}
