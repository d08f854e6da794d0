import Route53Model

/// When each virtual checker probes (HC-05), as a pure state machine over injected time
/// (architecture patterns 1 and 2): the shell asks `nextAction(now:)` and gets "probe checker k of
/// check c now", "sleep until t" or "idle"; it reports each response with `completed(_:at:)`.
///
/// Rules:
/// - `RequestInterval` is measured from a checker *receiving a response* to its next request
///   (HC-05), so each checker's next probe is `response time + interval`; a slow or black-holed
///   target therefore only delays the checker probing it — other checkers and checks keep their
///   own deadlines because only *waiting* checkers sit in the queue.
/// - A checker has at most one probe in flight, which bounds concurrency at checks × checkers.
/// - Checkers are uncoordinated: each starts at a random phase within the first interval, drawn
///   from a per-check `SeededGenerator` derived from (seed, check id), so a check's phases do not
///   depend on which other checks exist or the order they were added (LAB-04).
/// - Pausing drops the check's checkers from the queue and invalidates probes in flight (their
///   tickets no longer match); resuming starts them again at random phases.
public struct ProbeScheduler: Sendable {
    /// Instants of the injected clock.
    public typealias Instant = ContinuousClock.Instant

    /// One virtual checker of one check.
    public struct Slot: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The check probed.
        public var checkId: String
        /// The checker (0-based).
        public var checker: Int

        public init(checkId: String, checker: Int) {
            self.checkId = checkId
            self.checker = checker
        }

        public static func < (lhs: Slot, rhs: Slot) -> Bool {
            (lhs.checkId, lhs.checker) < (rhs.checkId, rhs.checker)
        }

        public var description: String { "\(checkId)#\(checker)" }
    }

    /// A probe handed out by `nextAction`; only a ticket of the slot's current generation is
    /// accepted back, so results of probes started before a pause or removal are ignored.
    public struct Ticket: Sendable, Hashable {
        /// The checker probing.
        public var slot: Slot
        /// Invalidated by pause, removal or re-adding.
        public var generation: UInt64
    }

    /// What the shell must do next.
    public enum Action: Sendable, Hashable {
        /// Start this probe now (the slot is now in flight).
        case probe(Ticket)
        /// Nothing is due before this instant.
        case sleep(until: Instant)
        /// No checker is waiting (none configured, all paused or all in flight).
        case idle
    }

    /// Where a checker is in its cycle.
    public enum SlotState: Sendable, Hashable {
        case waiting(due: Instant)
        case inFlight(since: Instant)
        case paused
    }

    private struct CheckEntry: Sendable {
        var interval: Duration
        var checkers: Int
        var paused = false
        var generator: SeededGenerator
    }

    private struct SlotEntry: Sendable {
        var state: SlotState
        var generation: UInt64
    }

    private struct QueueEntry: Sendable, Comparable {
        var due: Instant
        var slot: Slot
        var generation: UInt64

        static func < (lhs: QueueEntry, rhs: QueueEntry) -> Bool {
            lhs.due != rhs.due ? lhs.due < rhs.due : lhs.slot < rhs.slot
        }
    }

    private let seed: UInt64
    private var checks: [String: CheckEntry] = [:]
    private var slots: [Slot: SlotEntry] = [:]
    private var queue = MinHeap<QueueEntry>()
    private var lastGeneration: UInt64 = 0
    /// Punctuality of every probe handed out (issue 6: the scale benchmark's on-time share).
    public private(set) var startStats = ProbeStartStats()

    /// An empty schedule whose phases derive from `seed` (LAB-04).
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// Adds a check, or updates the interval and checker count of a scheduled one. Existing
    /// checkers keep their schedule, except that a shortened interval pulls a far-off next probe
    /// in to a random phase of the new interval (so a 30 s → 1 s change takes effect at once).
    public mutating func schedule(checkId: String, checkers: Int, interval: Duration, now: Instant) {
        let count = max(0, checkers)
        guard var entry = checks[checkId] else {
            var entry = CheckEntry(interval: interval, checkers: count,
                                   generator: SeededGenerator(seed: StableHash.seed(seed, "probe-phase", checkId)))
            for checker in 0..<count { start(Slot(checkId: checkId, checker: checker), entry: &entry, now: now) }
            checks[checkId] = entry
            return
        }
        let shortened = interval < entry.interval
        entry.interval = interval
        for checker in count..<max(count, entry.checkers) { slots[Slot(checkId: checkId, checker: checker)] = nil }
        for checker in 0..<count {
            let slot = Slot(checkId: checkId, checker: checker)
            guard let existing = slots[slot] else {
                if !entry.paused { start(slot, entry: &entry, now: now) } else { slots[slot] = SlotEntry(state: .paused, generation: nextGeneration()) }
                continue
            }
            if shortened, case .waiting(let due) = existing.state, due > now + interval {
                start(slot, entry: &entry, now: now)
            }
        }
        entry.checkers = count
        checks[checkId] = entry
    }

    /// Forgets a check; its probes in flight will be ignored.
    public mutating func remove(checkId: String) {
        guard let entry = checks.removeValue(forKey: checkId) else { return }
        for checker in 0..<entry.checkers { slots[Slot(checkId: checkId, checker: checker)] = nil }
        queue.removeAll { $0.slot.checkId == checkId }
    }

    /// Stops probing a check (drill pause, or `Disabled`, HC-08).
    public mutating func pause(checkId: String) {
        guard var entry = checks[checkId], !entry.paused else { return }
        entry.paused = true
        checks[checkId] = entry
        for checker in 0..<entry.checkers {
            slots[Slot(checkId: checkId, checker: checker)] = SlotEntry(state: .paused, generation: nextGeneration())
        }
        queue.removeAll { $0.slot.checkId == checkId }
    }

    /// Starts probing a paused check again, each checker at a fresh random phase.
    public mutating func resume(checkId: String, now: Instant) {
        guard var entry = checks[checkId], entry.paused else { return }
        entry.paused = false
        for checker in 0..<entry.checkers { start(Slot(checkId: checkId, checker: checker), entry: &entry, now: now) }
        checks[checkId] = entry
    }

    /// The next thing to do at `now`. Call repeatedly until it stops returning `.probe`.
    public mutating func nextAction(now: Instant) -> Action {
        while let head = queue.min {
            guard let entry = slots[head.slot], entry.generation == head.generation,
                  case .waiting(let due) = entry.state, due == head.due else {
                queue.popMin()  // superseded by a reschedule, pause or removal
                continue
            }
            guard due <= now else { return .sleep(until: due) }
            queue.popMin()
            slots[head.slot]?.state = .inFlight(since: now)
            if let interval = checks[head.slot.checkId]?.interval {
                startStats.recordStart(lateness: now - due, interval: interval)
            }
            return .probe(Ticket(slot: head.slot, generation: head.generation))
        }
        return .idle
    }

    /// Reports the response to `ticket` received at `now`; schedules that checker's next probe
    /// one interval later (HC-05). Returns false (and changes nothing) for a stale ticket.
    @discardableResult
    public mutating func completed(_ ticket: Ticket, at now: Instant) -> Bool {
        guard let entry = slots[ticket.slot], entry.generation == ticket.generation,
              case .inFlight(let since) = entry.state, let check = checks[ticket.slot.checkId] else { return false }
        let due = now + check.interval
        slots[ticket.slot]?.state = .waiting(due: due)
        startStats.recordCompletion(duration: now - since)
        queue.insert(QueueEntry(due: due, slot: ticket.slot, generation: entry.generation))
        return true
    }

    /// Whether `ticket` is still the current probe of its slot.
    public func isCurrent(_ ticket: Ticket) -> Bool {
        guard let entry = slots[ticket.slot], entry.generation == ticket.generation, case .inFlight = entry.state else { return false }
        return true
    }

    /// The state of one checker; nil if it is not scheduled.
    public func state(of slot: Slot) -> SlotState? { slots[slot]?.state }

    /// The interval a check is scheduled with.
    public func interval(of checkId: String) -> Duration? { checks[checkId]?.interval }

    /// Waiting checkers whose probe is already more than a tenth of their interval overdue at
    /// `now`: probes that will be late when they start, so a reader of `startStats` can count
    /// them before they do (O(checkers); for occasional reads, not per probe).
    public func overdueCount(now: Instant) -> Int {
        slots.reduce(into: 0) { count, element in
            guard case .waiting(let due) = element.value.state, let interval = checks[element.key.checkId]?.interval else { return }
            if now - due > ProbeStartStats.tolerance(for: interval) { count += 1 }
        }
    }

    /// Probes currently in flight.
    public var inFlightCount: Int {
        slots.values.count { if case .inFlight = $0.state { true } else { false } }
    }

    private mutating func start(_ slot: Slot, entry: inout CheckEntry, now: Instant) {
        // Random phase in [0, interval): 53 random bits as a fraction.
        let fraction = Double(entry.generator.next() >> 11) * 0x1p-53
        let due = now + entry.interval * fraction
        let generation = nextGeneration()
        slots[slot] = SlotEntry(state: .waiting(due: due), generation: generation)
        queue.insert(QueueEntry(due: due, slot: slot, generation: generation))
    }

    private mutating func nextGeneration() -> UInt64 {
        lastGeneration += 1
        return lastGeneration
    }
}
