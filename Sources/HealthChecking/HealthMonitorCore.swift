import Route53Model

/// A probe the shell must perform: which checker, how to reach the target, and the safety budget
/// after which the shell gives up on a prober that overran every deadline of the target.
public struct ProbeOrder: Sendable, Hashable {
    /// Identifies the checker and its current probe (hand it back to `complete`).
    public var ticket: ProbeScheduler.Ticket
    /// How to reach the target.
    public var plan: ProbePlan
    /// Safety net: report `ProberStatus.deadlineExceeded` if the probe has not finished by then.
    public var budget: Duration

    /// The check probed.
    public var checkId: String { ticket.slot.checkId }
    /// The checker probing (0-based).
    public var checker: Int { ticket.slot.checker }
}

/// What one `HealthMonitorCore.tick(now:)` decided.
public struct MonitorTick: Sendable, Hashable {
    /// Status changes decided in this tick (expired drills, synthesised fault results), in order.
    public var transitions: [HealthTransition] = []
    /// Probes to start now; report each with `complete(_:with:at:)`.
    public var probes: [ProbeOrder] = []
    /// When to tick again at the latest; nil when nothing is scheduled.
    public var wake: ContinuousClock.Instant?
}

/// The whole health monitor as a synchronous, deterministic state machine (architecture patterns
/// 1 and 2): configuration, checker state machines (HC-06), aggregation (HC-07…HC-10), drill
/// overlays, the probe scheduler (HC-05) and synthesised faults. It performs no I/O and never reads
/// a clock: every method takes `now`, and results come back as transitions and probe orders.
///
/// `HealthMonitor` is the thin async shell that feeds it real time and real probes; tests drive it
/// directly, so a 30-probe threshold sequence runs in microseconds.
///
/// Invariants:
/// - transitions are changes of the *effective* status and are decided immediately when an input
///   changes (no batching); CALCULATED parents are recomputed in the same step as their child;
/// - a check whose config is unchanged keeps all its state across `apply` (a zone or config change
///   never resets health); an updated check keeps its checkers' state (threshold changes apply to
///   the running counts); only a changed `Type` starts it over;
/// - adding or removing a check emits no transition (callers read `effectiveStatuses()` after
///   `apply`); changing one that exists does.
public struct HealthMonitorCore: Sendable {
    /// Instants of the injected clock.
    public typealias Instant = ContinuousClock.Instant

    /// Daemon-wide settings (time scale, checker count, seed).
    public let settings: MonitorSettings
    var checks: [String: CheckRuntime] = [:]
    /// child id → CALCULATED parents, sorted.
    var parents: [String: [String]] = [:]
    var scheduler: ProbeScheduler
    var alarms: [String: AlarmState] = [:]
    var routingControls: [String: Bool] = [:]
    var synthetic = MinHeap<SyntheticProbe>()
    /// Checks whose drill overlay has a deadline (`DrillOverlay.nextExpiry`): usually none, so a
    /// tick looks at these few instead of scanning every check (issue 6: 10,000 checks, ~500 ticks
    /// a second). Kept exact by `noteOverlay` wherever an overlay changes.
    var timedOverlays: Set<String> = []
    var history: [HealthTransition] = []
    var lastSequence: UInt64 = 0
    let wallSeconds: @Sendable (Instant) -> Double

    /// A probe result the core delivers itself after `due` (fault injection, HC-13 strings).
    struct SyntheticProbe: Sendable, Comparable {
        var due: Instant
        var ticket: ProbeScheduler.Ticket
        var result: ProbeResult

        static func < (lhs: SyntheticProbe, rhs: SyntheticProbe) -> Bool {
            lhs.due != rhs.due ? lhs.due < rhs.due : lhs.ticket.slot < rhs.ticket.slot
        }

        static func == (lhs: SyntheticProbe, rhs: SyntheticProbe) -> Bool {
            lhs.due == rhs.due && lhs.ticket == rhs.ticket && lhs.result == rhs.result
        }
    }

    /// `wallSeconds` converts instants to seconds since 1970 for display (`HealthClock.wallSeconds`).
    public init(settings: MonitorSettings, wallSeconds: @escaping @Sendable (Instant) -> Double) {
        self.settings = settings
        self.wallSeconds = wallSeconds
        scheduler = ProbeScheduler(seed: settings.seed)
    }

    /// Replaces the monitored set: adds new checks, updates changed ones, removes missing ones.
    @discardableResult
    public mutating func apply(_ newChecks: [HealthCheck], now: Instant) -> [HealthTransition] {
        let wanted = Dictionary(newChecks.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for id in checks.keys.sorted() where wanted[id] == nil {
            checks[id] = nil
            timedOverlays.remove(id)
            scheduler.remove(checkId: id)
        }
        var added: Set<String> = []
        var updated: [String] = []
        for id in wanted.keys.sorted() {
            let check = wanted[id]!
            if let existing = checks[id] {
                guard existing.check != check else { continue }
                update(existing, to: check, now: now)
                updated.append(id)
            } else {
                checks[id] = makeRuntime(check)
                added.insert(id)
            }
            syncScheduling(id, now: now)
        }
        rebuildParents()
        // Fresh checks take their initial status silently (HC-08: healthy, inverted → unhealthy;
        // CALCULATED / CLOUDWATCH_METRIC / RECOVERY_CONTROL from their current inputs).
        for id in sortedIDs(added) {
            guard var runtime = checks[id] else { continue }
            computeBase(&runtime)
            runtime.effective = runtime.overlay.effective(computed: runtime.unforced)
            checks[id] = runtime
        }
        var transitions: [HealthTransition] = []
        for id in sortedIDs(updated) {
            transitions += recompute(id, now: now, cause: .configuration)
        }
        // Children may have appeared, disappeared or changed: every existing CALCULATED check is
        // re-evaluated in the same step.
        for id in checks.keys.sorted() where checks[id]?.config.type == .calculated && !added.contains(id) {
            transitions += recompute(id, now: now, cause: .children)
        }
        return transitions
    }

    /// Check id → effective status (what DNS answers use).
    public func effectiveStatuses() -> [String: Bool] {
        checks.mapValues(\.effective)
    }

    /// The monitored check ids, sorted.
    public var checkIDs: [String] { checks.keys.sorted() }

    /// The most recent transitions, oldest first (at most `settings.historyCapacity`).
    public var recentTransitions: [HealthTransition] { history }

    private mutating func update(_ existing: CheckRuntime, to check: HealthCheck, now: Instant) {
        guard existing.config.type == check.config.type else {
            // A different Type is a different check in all but name (Route 53 forbids the change).
            var fresh = makeRuntime(check)
            fresh.overlay = existing.overlay
            fresh.effective = existing.effective
            fresh.lastTransitionAt = existing.lastTransitionAt
            scheduler.remove(checkId: check.id)
            checks[check.id] = fresh
            return
        }
        var runtime = existing
        runtime.check = check
        runtime.plan = ProbePlan.make(for: check.config, timeScale: settings.timeScale)
        let count = settings.checkerCount(for: check.config)
        runtime.checkers = (0..<count).map { index in
            var checker = index < existing.checkers.count
                ? existing.checkers[index]
                : CheckerRuntime(identity: CheckerIdentity.make(index: index, regions: check.config.regions),
                                 failureThreshold: check.config.failureThreshold)
            checker.identity = CheckerIdentity.make(index: index, regions: check.config.regions)
            checker.machine.failureThreshold = check.config.failureThreshold
            return checker
        }
        checks[check.id] = runtime
    }

    private func makeRuntime(_ check: HealthCheck) -> CheckRuntime {
        let count = settings.checkerCount(for: check.config)
        let checkers = (0..<count).map {
            CheckerRuntime(identity: CheckerIdentity.make(index: $0, regions: check.config.regions),
                           failureThreshold: check.config.failureThreshold)
        }
        return CheckRuntime(check: check, plan: ProbePlan.make(for: check.config, timeScale: settings.timeScale), checkers: checkers)
    }

    /// Re-indexes `id` in `timedOverlays` after its overlay changed.
    mutating func noteOverlay(_ id: String) {
        if checks[id]?.overlay.nextExpiry != nil {
            timedOverlays.insert(id)
        } else {
            timedOverlays.remove(id)
        }
    }

    /// Starts, re-times or stops the check's checkers to match its config and overlay.
    mutating func syncScheduling(_ id: String, now: Instant) {
        guard let runtime = checks[id] else { return }
        guard runtime.config.type.isEndpoint else { return }
        scheduler.schedule(checkId: id, checkers: runtime.checkers.count, interval: settings.scaledInterval(for: runtime.config),
                           now: now)
        if runtime.wantsProbes {
            scheduler.resume(checkId: id, now: now)
        } else {
            scheduler.pause(checkId: id)
        }
    }

    private mutating func rebuildParents() {
        var map: [String: [String]] = [:]
        for (id, runtime) in checks where runtime.config.type == .calculated {
            for child in Set(runtime.config.childHealthChecks) { map[child, default: []].append(id) }
        }
        parents = map.mapValues { $0.sorted() }
    }

    /// Ids sorted, CALCULATED ones after the others so they see their children's fresh status.
    func sortedIDs(_ ids: some Sequence<String>) -> [String] {
        ids.sorted { lhs, rhs in
            let left = checks[lhs]?.config.type == .calculated
            let right = checks[rhs]?.config.type == .calculated
            return left == right ? lhs < rhs : right
        }
    }
}
