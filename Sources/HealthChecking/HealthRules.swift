import Route53Model

/// Route 53's status rules as pure functions (HC-07…HC-10), so every combination can be tested
/// as a table and the monitor only wires inputs to them.
///
/// Vocabulary used throughout the module:
/// - *base* status: what the type-specific rule says (checker quorum, children, alarm, control);
/// - *final* status: base after `Disabled`/`Inverted` (HC-08) — the *real* status when its inputs
///   are real observations;
/// - *effective* status: final status under drill overlays (forced healthy/unhealthy), what DNS
///   answers use (`DrillOverlay`).
public enum HealthRules {
    /// The fewest healthy checkers that make an endpoint check healthy: the check is healthy iff
    /// **more than 18 %** of its checkers report healthy (HC-07). Integer arithmetic, so the
    /// boundary cases are exact: 16 → 3 (3/16 = 18.75 %), 15 → 3, 6 → 2 (1/6 = 16.7 %), 3 → 1.
    /// With no checkers there is no data and the check stays healthy (HC-08), so 0 is required.
    public static func requiredHealthyCheckers(outOf total: Int) -> Int {
        guard total > 0 else { return 0 }
        // Smallest h with h / total > 18 / 100, i.e. 100 h > 18 total.
        return (18 * total) / 100 + 1
    }

    /// HC-07: healthy iff `healthy` checkers are more than 18 % of `total`.
    public static func endpointHealthy(healthyCheckers healthy: Int, totalCheckers total: Int) -> Bool {
        healthy >= requiredHealthyCheckers(outOf: total)
    }

    /// HC-08: `Disabled` ⇒ healthy regardless of probes; `Inverted` flips the status, so a
    /// disabled inverted check is always unhealthy (the documented way to force traffic away),
    /// and a new inverted check (base healthy) starts unhealthy.
    public static func finalStatus(base: Bool, inverted: Bool, disabled: Bool) -> Bool {
        let status = disabled ? true : base
        return inverted ? !status : status
    }

    /// HC-09: a CALCULATED check is healthy iff at least `threshold` children are healthy.
    /// `children` are the children's *final* statuses (a disabled child counts healthy, an inverted
    /// child contributes its inverted status — both already folded in by `finalStatus`).
    /// Threshold 0 → always healthy; threshold > children → always unhealthy.
    public static func calculatedHealthy(children: [Bool], threshold: Int) -> Bool {
        children.count(where: { $0 }) >= threshold
    }

    /// The HealthThreshold a CALCULATED check uses: the configured one, or — lab decision when it
    /// is absent — every child ("AND"), the conservative reading.
    public static func effectiveHealthThreshold(_ configured: Int?, childCount: Int) -> Int {
        configured ?? childCount
    }

    /// HC-10: CLOUDWATCH_METRIC. `OK` → healthy, `ALARM` → unhealthy, `INSUFFICIENT_DATA` →
    /// `InsufficientDataHealthStatus`, where `LastKnownStatus` (also the default when unset) is
    /// the status last derived from OK/ALARM, healthy for a brand-new check (HC-02).
    public static func cloudWatchHealthy(alarm: AlarmState, insufficientData: InsufficientDataHealthStatus?,
                                         lastKnown: Bool) -> Bool {
        switch alarm {
        case .ok: return true
        case .alarm: return false
        case .insufficientData:
            switch insufficientData ?? .lastKnownStatus {
            case .healthy: return true
            case .unhealthy: return false
            case .lastKnownStatus: return lastKnown
            }
        }
    }

    /// HC-01: RECOVERY_CONTROL is healthy iff the routing control is ON; a control the lab was
    /// never told about is ON (so a fresh lab routes traffic normally).
    public static func routingControlHealthy(on: Bool?) -> Bool {
        on ?? true
    }
}
