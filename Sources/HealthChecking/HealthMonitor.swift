import Logging
import Route53Model
import Synchronization

/// The health monitor the control plane runs (issue 3): the async shell around
/// `HealthMonitorCore`, which holds every rule. The shell only
/// - reads the injected clock and passes `now` to the core,
/// - starts one task per due probe (at most one in flight per checker, so concurrency is bounded
///   by checks × checkers) with a safety budget so a faulty prober cannot wedge a checker,
/// - resolves FQDN targets through the injected resolver before every probe (HC-03),
/// - yields every transition on `transitions` the moment the core decides it and logs it once at
///   notice level (architecture pattern 7; `MonitorSettings.transitionLogLevel`).
///
/// Everything is guarded by one `Mutex`; no method blocks on I/O while holding it. `run()` is
/// meant to be called once (e.g. as a service); `shutdown()` stops it and finishes `transitions`.
public final class HealthMonitor: Sendable {
    enum LoopState: Sendable {
        case notStarted
        case running
        case parked(until: ContinuousClock.Instant?)
        case stopped
    }

    struct Shell {
        var core: HealthMonitorCore
        var loop = LoopState.notStarted
        var wakePending = false
        var shutdownRequested = false
        var waiter: CheckedContinuation<Void, Never>?
        var inFlight = 0
        /// When the loop plans to tick next (nil: nothing planned). A completion whose checker
        /// is next due no earlier needs no wake-up: the loop's timer covers it.
        var plannedWake: ContinuousClock.Instant?
        /// Cancellers of callback probes in flight, cancelled at shutdown (`CallbackProber`).
        var handles: [ProbeScheduler.Slot: (generation: UInt64, handle: ProbeHandle)] = [:]
        var settleWaiters: [CheckedContinuation<ContinuousClock.Instant?, Never>] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The settings the monitor was created with.
    public let settings: MonitorSettings
    let prober: any Prober
    /// `prober` when it can start probes without a task (`CallbackProber`): IP-addressed probes
    /// then run entirely on the prober's event loop (issue 6, "scale").
    let callbackProber: (any CallbackProber)?
    let resolver: @Sendable (String) async -> [String]
    let logger: Logger
    let clock: any HealthClock
    /// Called with every real probe's result (issue 5 item 3: the connect / TLS / first-byte
    /// histograms, HC-14). A plain closure keeps this module free of any metrics library.
    let probeObserver: (@Sendable (_ checkId: String, _ result: ProbeResult) -> Void)?
    let state: Mutex<Shell>
    private let stream: AsyncStream<HealthTransition>
    let streamContinuation: AsyncStream<HealthTransition>.Continuation

    /// - Parameters:
    ///   - prober: performs real probes (`TCPProber`, HTTP/HTTPS probers, or a test double).
    ///   - resolver: FQDN → addresses (the system resolver or the daemon's own zones); called before
    ///     every probe of an FQDN-only check; the first IPv4 address is used (HC-03).
    ///   - clock: `SystemHealthClock()` in the daemon, `ManualClock` in tests.
    ///   - probeObserver: sees the result of every probe that ran (not drill-synthesised ones,
    ///     which measure nothing), outside the monitor's lock.
    public init(prober: any Prober, settings: MonitorSettings, resolver: @escaping @Sendable (String) async -> [String],
                logger: Logger, clock: any HealthClock = SystemHealthClock(),
                probeObserver: (@Sendable (_ checkId: String, _ result: ProbeResult) -> Void)? = nil) {
        self.probeObserver = probeObserver
        self.prober = prober
        callbackProber = prober as? any CallbackProber
        self.settings = settings
        self.resolver = resolver
        self.logger = logger
        self.clock = clock
        state = Mutex(Shell(core: HealthMonitorCore(settings: settings, wallSeconds: { clock.wallSeconds(at: $0) })))
        (stream, streamContinuation) = AsyncStream.makeStream(of: HealthTransition.self, bufferingPolicy: .unbounded)
    }

    /// Every transition, in decision order, as soon as it is decided. Single consumer (the
    /// publisher); finished when the monitor stops.
    public var transitions: AsyncStream<HealthTransition> { stream }

    /// Adds, updates and removes checks (see `HealthMonitorCore.apply` for what is kept: a check
    /// whose config did not change keeps all its state, so a zone change never resets health).
    public func apply(_ checks: [HealthCheck]) {
        mutate { core, now in ((), core.apply(checks, now: now)) }
    }

    /// Check id → effective status (what DNS answers use).
    public func effectiveStatuses() -> [String: Bool] {
        state.withLock { $0.core.effectiveStatuses() }
    }

    /// Reports of every check, sorted by id (`HealthCheckReport`).
    public func reports() -> [HealthCheckReport] {
        state.withLock { $0.core.reports() }
    }

    /// The report of one check; nil if it is not monitored.
    public func report(id: String) -> HealthCheckReport? {
        state.withLock { $0.core.report(id: id) }
    }

    /// Recent transitions, oldest first (`MonitorSettings.historyCapacity`).
    public func transitionHistory() -> [HealthTransition] {
        state.withLock { $0.core.recentTransitions }
    }

    /// Seconds since 1970 at `instant`, by the monitor's clock (for displaying probe instants).
    public func wallSeconds(at instant: ContinuousClock.Instant) -> Double {
        clock.wallSeconds(at: instant)
    }

    /// Forces the effective status healthy/unhealthy (`nil` clears), optionally for `duration`.
    public func force(id: String, healthy: Bool?, for duration: Duration?) throws(HealthMonitorError) {
        try mutate { (core, now) throws(HealthMonitorError) in ((), try core.force(id: id, healthy: healthy, for: duration, now: now)) }
    }

    /// Stops probing the check; its computed status is frozen until `resume`.
    public func pause(id: String) throws(HealthMonitorError) {
        try mutate { (core, now) throws(HealthMonitorError) in ((), try core.pause(id: id, now: now)) }
    }

    /// Resumes probing a paused check (checkers restart at random phases, keeping their state).
    public func resume(id: String) throws(HealthMonitorError) {
        try mutate { (core, now) throws(HealthMonitorError) in ((), try core.resume(id: id, now: now)) }
    }

    /// Injects a probe fault (`nil` clears), optionally for `duration` (`ProbeFault` for what each
    /// fault produces).
    public func injectFault(id: String, _ fault: ProbeFault?, for duration: Duration?) throws(HealthMonitorError) {
        try mutate { (core, now) throws(HealthMonitorError) in
            try core.injectFault(id: id, fault, for: duration, now: now)
            return ((), [])
        }
    }

    /// Sets a lab CloudWatch alarm to OK / ALARM / INSUFFICIENT_DATA (HC-10).
    public func setAlarm(name: String, state alarmState: AlarmState) {
        mutate { core, now in ((), core.setAlarm(name: name, state: alarmState, now: now)) }
    }

    /// Turns a lab routing control ON or OFF (RECOVERY_CONTROL).
    public func setRoutingControl(arn: String, on: Bool) {
        mutate { core, now in ((), core.setRoutingControl(arn: arn, on: on, now: now)) }
    }

    /// Runs `body` on the core under the lock with the current time, yields its transitions in
    /// order, wakes the run loop (deadlines may have changed) and logs the transitions.
    func mutate<T, E: Error>(_ body: (inout HealthMonitorCore, ContinuousClock.Instant) throws(E) -> (T, [HealthTransition]))
        throws(E) -> T {
        let (value, transitions, waiter) = try state.withLock { (shell: inout Shell) throws(E) in
            let (value, transitions) = try body(&shell.core, clock.now)
            for transition in transitions { streamContinuation.yield(transition) }
            return (value, transitions, shell.takeWaiterForWake())
        }
        waiter?.resume()
        log(transitions)
        return value
    }

    func log(_ transitions: [HealthTransition]) {
        guard let level = settings.transitionLogLevel else { return }
        for transition in transitions {
            logger.log(level: level, "\(transition.summary)", metadata: [
                "health_check": "\(transition.checkId)",
                "from": "\(HealthTransition.word(transition.previous))",
                "to": "\(HealthTransition.word(transition.healthy))",
                "real": "\(HealthTransition.word(transition.realHealthy))",
                "cause": "\(transition.cause.rawValue)",
            ])
        }
    }
}

extension HealthMonitor.Shell {
    /// After a probe of `slot` completed: the parked loop's continuation when the loop must
    /// re-plan — the checker's next probe is due before the loop's planned tick, or nothing is
    /// planned — else nil, and the loop sleeps on (at 10,000 probes a second, a wake-up per
    /// completion would cost more than the probes' bookkeeping).
    mutating func takeWaiterAfterCompletion(of slot: ProbeScheduler.Slot) -> CheckedContinuation<Void, Never>? {
        if let planned = plannedWake, case .waiting(let due)? = core.scheduler.state(of: slot), due >= planned { return nil }
        return takeWaiterForWake()
    }

    /// Marks a wake-up as pending and hands back the parked loop's continuation, if any, to be
    /// resumed outside the lock.
    mutating func takeWaiterForWake() -> CheckedContinuation<Void, Never>? {
        wakePending = true
        plannedWake = nil
        defer { waiter = nil }
        return waiter
    }
}
