import Route53Model

/// Everything the lab shows about one check (issue 3, item 6): real and effective status, drill
/// overlays, configured and scaled interval, per-checker observations and last failures (HC-13).
public struct HealthCheckReport: Sendable, Hashable {
    /// The check as configured (defaults applied).
    public var check: HealthCheck
    /// Status from real observations (after Inverted/Disabled).
    public var realHealthy: Bool
    /// Status DNS answers use: forced ?? computed.
    public var effectiveHealthy: Bool
    /// Why the computed status is what it is, e.g. `2 of 3 checkers healthy: Success: …`.
    public var statusReason: String
    /// Drill overlay (`DrillOverlay`); `…Wall` = seconds since 1970 UTC for display.
    public var forced: Bool?
    public var forcedUntil: ContinuousClock.Instant?
    public var forcedUntilWall: Double?
    public var paused: Bool
    public var fault: ProbeFault?
    public var faultUntil: ContinuousClock.Instant?
    public var faultUntilWall: Double?
    /// `RequestInterval` as configured, and as probed after the time scale (seconds); both are
    /// shown wherever a check is displayed (issue 3, item 2).
    public var configuredInterval: Double
    public var effectiveInterval: Double
    /// Endpoint checks: one per virtual checker (GetHealthCheckStatus). Empty for other types.
    public var checkers: [CheckerObservation]
    /// Each checker's most recent failure (GetHealthCheckLastFailureReason); empty if none.
    public var lastFailure: [CheckerObservation]
    /// Checkers whose own state is healthy (HC-06).
    public var healthyCheckers: Int
    /// Healthy checkers needed (HC-07).
    public var requiredHealthyCheckers: Int
    /// CALCULATED: healthy children (real statuses) and the threshold in use.
    public var healthyChildren: Int?
    public var healthThreshold: Int?
    /// CLOUDWATCH_METRIC: the alarm state the lab holds for `AlarmIdentifier.Name`.
    public var alarmState: AlarmState?
    /// RECOVERY_CONTROL: the routing control state.
    public var routingControlOn: Bool?
    /// When the effective status last changed (and as seconds since 1970 UTC).
    public var lastTransitionAt: ContinuousClock.Instant?
    public var lastTransitionWall: Double?
    /// Timings of the latest probe that reported any.
    public var lastTiming: ProbeTiming?

    /// A report with empty observations; the core fills in the rest.
    public init(check: HealthCheck, realHealthy: Bool, effectiveHealthy: Bool, statusReason: String) {
        self.check = check
        self.realHealthy = realHealthy
        self.effectiveHealthy = effectiveHealthy
        self.statusReason = statusReason
        paused = false
        configuredInterval = check.config.requestInterval
        effectiveInterval = check.config.requestInterval
        checkers = []
        lastFailure = []
        healthyCheckers = 0
        requiredHealthyCheckers = 0
    }
}
