/// The drill state layered over one check's real status (issue 3, item 6), as a pure value.
///
/// - *forced*: the effective status is `forced` instead of the computed one, optionally until an
///   instant, after which real probing decides again;
/// - *paused*: no probes are sent and the computed status is frozen (forcing still applies);
/// - *fault*: probes are synthesised by the monitor instead of reaching the target (`ProbeFault`),
///   optionally until an instant.
///
/// Durations are wall durations, never scaled by the lab time scale: "force unhealthy for 30 s"
/// means 30 real seconds however fast the checks probe.
public struct DrillOverlay: Sendable, Hashable {
    /// Forced effective status; nil = real probing decides.
    public var forced: Bool?
    /// When the force ends by itself; nil = until cleared.
    public var forcedUntil: ContinuousClock.Instant?
    /// No probes, computed status frozen.
    public var paused: Bool
    /// Injected probe fault; nil = probes reach the target.
    public var fault: ProbeFault?
    /// When the fault ends by itself; nil = until cleared.
    public var faultUntil: ContinuousClock.Instant?

    public init(forced: Bool? = nil, forcedUntil: ContinuousClock.Instant? = nil, paused: Bool = false,
                fault: ProbeFault? = nil, faultUntil: ContinuousClock.Instant? = nil) {
        self.forced = forced
        self.forcedUntil = forced == nil ? nil : forcedUntil
        self.paused = paused
        self.fault = fault
        self.faultUntil = fault == nil ? nil : faultUntil
    }

    /// What expiring the overlay at some instant changed.
    public struct Expiry: Sendable, Hashable {
        /// The forced status expired.
        public var forceCleared = false
        /// The fault expired.
        public var faultCleared = false
        /// Anything expired.
        public var changed: Bool { forceCleared || faultCleared }
    }

    /// "effective = forced ?? computed".
    public func effective(computed: Bool) -> Bool {
        forced ?? computed
    }

    /// The earliest instant at which part of the overlay expires, if any.
    public var nextExpiry: ContinuousClock.Instant? {
        [forcedUntil, faultUntil].compactMap { $0 }.min()
    }

    /// Clears the parts whose deadline is at or before `now`.
    public mutating func expire(now: ContinuousClock.Instant) -> Expiry {
        var expiry = Expiry()
        if let until = forcedUntil, until <= now {
            forced = nil
            forcedUntil = nil
            expiry.forceCleared = true
        }
        if let until = faultUntil, until <= now {
            fault = nil
            faultUntil = nil
            expiry.faultCleared = true
        }
        return expiry
    }

    /// Forces the status (`nil` clears), until `now + duration` when a duration is given.
    public mutating func force(_ healthy: Bool?, for duration: Duration?, now: ContinuousClock.Instant) {
        forced = healthy
        forcedUntil = healthy == nil ? nil : duration.map { now + $0 }
    }

    /// Injects a fault (`nil` clears), until `now + duration` when a duration is given.
    public mutating func inject(_ fault: ProbeFault?, for duration: Duration?, now: ContinuousClock.Instant) {
        self.fault = fault
        faultUntil = fault == nil ? nil : duration.map { now + $0 }
    }
}
