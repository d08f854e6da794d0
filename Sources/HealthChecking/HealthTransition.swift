/// One change of a check's **effective** status (what DNS answers use), emitted the moment it is
/// decided (issue 3, item 5: no batching) and logged once at notice level.
///
/// Probe timestamps are check-level, over all checkers, and only set when probes caused the
/// transition: `lastGoodProbe` is the latest successful response before the failure run and
/// `firstFailedProbe` the first failure after it (the "detection" stages of the failover timeline,
/// TM-02); symmetrically `lastFailedProbe`/`firstGoodProbe` for a recovery.
public struct HealthTransition: Sendable, Hashable {
    /// What made the status change.
    public enum Cause: String, Sendable, Hashable {
        /// Checker results crossed the threshold / 18 % rule (HC-06, HC-07).
        case probes
        /// A CALCULATED check's children changed (HC-09).
        case children
        /// A CLOUDWATCH_METRIC alarm state was set (HC-10).
        case alarm
        /// A RECOVERY_CONTROL routing control was set.
        case routingControl
        /// `Inverted`/`Disabled`/children changed by configuration.
        case configuration
        /// A drill forced the status, or a forced status was cleared or expired.
        case drill
    }

    /// Monotonic number of the transition within this monitor, from 1.
    public var sequence: UInt64
    /// The check whose status changed.
    public var checkId: String
    /// The new effective status.
    public var healthy: Bool
    /// The effective status before.
    public var previous: Bool
    /// The status real observations give (differs from `healthy` while a drill forces the check).
    public var realHealthy: Bool
    /// e.g. `3 of 3 checkers unhealthy: Failure: Connection refused`, `forced unhealthy by drill`.
    public var reason: String
    /// What made it change.
    public var cause: Cause
    /// Probe stages of the failover timeline (see the type's documentation).
    public var lastGoodProbe: ContinuousClock.Instant?
    public var firstFailedProbe: ContinuousClock.Instant?
    public var lastFailedProbe: ContinuousClock.Instant?
    public var firstGoodProbe: ContinuousClock.Instant?
    /// When the threshold was crossed (or the drill acted).
    public var decidedAt: ContinuousClock.Instant
    /// `decidedAt` as seconds since 1970 UTC, for display.
    public var decidedAtWall: Double

    /// Memberwise; the core assigns sequence numbers.
    public init(sequence: UInt64, checkId: String, healthy: Bool, previous: Bool, realHealthy: Bool, reason: String,
                cause: Cause, lastGoodProbe: ContinuousClock.Instant? = nil, firstFailedProbe: ContinuousClock.Instant? = nil,
                lastFailedProbe: ContinuousClock.Instant? = nil, firstGoodProbe: ContinuousClock.Instant? = nil,
                decidedAt: ContinuousClock.Instant, decidedAtWall: Double) {
        self.sequence = sequence
        self.checkId = checkId
        self.healthy = healthy
        self.previous = previous
        self.realHealthy = realHealthy
        self.reason = reason
        self.cause = cause
        self.lastGoodProbe = lastGoodProbe
        self.firstFailedProbe = firstFailedProbe
        self.lastFailedProbe = lastFailedProbe
        self.firstGoodProbe = firstGoodProbe
        self.decidedAt = decidedAt
        self.decidedAtWall = decidedAtWall
    }

    /// The last probe that still supported the previous status (`lastGoodProbe` for a failure,
    /// `lastFailedProbe` for a recovery).
    public var lastProbeBefore: ContinuousClock.Instant? { healthy ? lastFailedProbe : lastGoodProbe }
    /// The first probe that supported the new status (`firstFailedProbe` / `firstGoodProbe`).
    public var firstProbeAfter: ContinuousClock.Instant? { healthy ? firstGoodProbe : firstFailedProbe }

    /// `healthy → unhealthy`-style summary used in the notice log line.
    public var summary: String {
        "health check \(checkId): \(Self.word(previous)) → \(Self.word(healthy)) (\(reason))"
    }

    static func word(_ healthy: Bool) -> String { healthy ? "healthy" : "unhealthy" }
}
