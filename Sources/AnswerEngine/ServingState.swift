import Synchronization

/// What the data plane answers from: one compiled snapshot and the health of its checks, always
/// as a consistent pair (architecture.md, "The two planes"). `SnapshotStore` swaps whole
/// `ServingState`s, so a query never sees new zones with old health slots or the reverse.
///
/// Each state also stamps the first answer produced from it (issue 3 item 7, the failover
/// timeline): queries pay one relaxed atomic load; only the first one reads the clock.
public final class ServingState: Sendable {
    /// The zones being served.
    public let snapshot: AnswerSnapshot
    /// Status of every check in `snapshot.healthCheckIDs`, slot for slot.
    public let health: HealthVector
    /// Incremented by every `SnapshotStore.publish(health:)`; 0 before the first one. A zone
    /// publication keeps the generation (and the statuses) of the state it replaces.
    public let healthGeneration: UInt64
    /// The statuses last published, by health-check ID, including checks no record references
    /// yet. A check missing from the map is healthy (HC-12a lab rule; new checks start healthy, HC-04).
    public let healthStatuses: [String: Bool]
    /// CLOCK_MONOTONIC nanoseconds (`uptimeNanoseconds()`) when this state was created, i.e. just
    /// before it was published.
    public let publishedUptimeNanoseconds: UInt64
    /// 0 until the first answer; then CLOCK_MONOTONIC nanoseconds of that answer.
    private let firstAnswerAt = Atomic<UInt64>(0)
    /// Shared by every state that carries the same health generation.
    let healthStamp: HealthStamp

    /// A state serving `snapshot` with `healthStatuses` (missing IDs healthy).
    public convenience init(snapshot: AnswerSnapshot, healthStatuses: [String: Bool] = [:], healthGeneration: UInt64 = 0) {
        let now = Self.uptimeNanoseconds()
        self.init(snapshot: snapshot, healthStatuses: healthStatuses,
                  healthStamp: HealthStamp(generation: healthGeneration, publishedAt: now), publishedAt: now)
    }

    init(snapshot: AnswerSnapshot, healthStatuses: [String: Bool], healthStamp: HealthStamp, publishedAt: UInt64) {
        self.snapshot = snapshot
        self.healthStatuses = healthStatuses
        self.healthStamp = healthStamp
        healthGeneration = healthStamp.generation
        publishedUptimeNanoseconds = publishedAt
        health = Self.slotted(healthStatuses, for: snapshot)
    }

    /// The zone generation (`snapshot.generation`), for logs.
    public var generation: UInt64 { snapshot.generation }

    /// Status of health check `id` in this state (unknown IDs are healthy, HC-12a lab rule).
    public func isHealthy(checkID id: String) -> Bool {
        healthStatuses[id] ?? true
    }

    /// CLOCK_MONOTONIC nanoseconds of the first response built from this state, nil while none
    /// has been. "Answer" means any response to a well-formed query (any name, any RCODE, UDP or
    /// TCP) that `Responder.respond(to:transport:client:state:)` produced from this state;
    /// dropped packets and header-only FORMERR/NOTIMP replies do not read the state and do not
    /// count. A state replaced before any query arrived keeps nil forever.
    public var firstAnswerUptimeNanoseconds: UInt64? {
        let value = firstAnswerAt.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Records that an answer was produced from this state. The common case is one relaxed load.
    /// Public for listeners that replay a reply built earlier from this state (`ResponseCache`).
    @inline(__always)
    public func noteAnswer() {
        if firstAnswerAt.load(ordering: .relaxed) == 0 { recordFirstAnswer() }
    }

    @inline(never)
    private func recordFirstAnswer() {
        let now = max(Self.uptimeNanoseconds(), 1)
        // Of racing first answers on several threads, the first to store wins.
        if firstAnswerAt.compareExchange(expected: 0, desired: now, ordering: .relaxed).exchanged {
            healthStamp.noteAnswer(at: now)
        }
    }

    /// The health vector of `statuses` in `snapshot`'s slot order; `.allHealthy` (no storage)
    /// when every referenced check is healthy, which keeps the common path free of lookups.
    static func slotted(_ statuses: [String: Bool], for snapshot: AnswerSnapshot) -> HealthVector {
        guard statuses.values.contains(false) else { return .allHealthy }
        let slots = snapshot.healthCheckIDs.map { statuses[$0] ?? true }
        return slots.contains(false) ? HealthVector(slots) : .allHealthy
    }

    /// CLOCK_MONOTONIC in nanoseconds: the time base of every timestamp here, the same as
    /// `NIODeadline.now().uptimeNanoseconds` on Linux and ControlPlane's `MonotonicTime.now()`.
    public static func uptimeNanoseconds() -> UInt64 {
        MonotonicClock.nanoseconds()
    }
}

/// The first answer given under one health generation, across the states that carry it (a zone
/// publication creates a new state but keeps the health generation): the "publication → first
/// answer" stage of the failover timeline.
final class HealthStamp: Sendable {
    let generation: UInt64
    let publishedAt: UInt64
    private let firstAnswerAt = Atomic<UInt64>(0)

    init(generation: UInt64, publishedAt: UInt64) {
        self.generation = generation
        self.publishedAt = publishedAt
    }

    var firstAnswer: UInt64? {
        let value = firstAnswerAt.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Keeps the earliest stamp: later states of the same generation answer later.
    func noteAnswer(at time: UInt64) {
        _ = firstAnswerAt.compareExchange(expected: 0, desired: time, ordering: .relaxed)
    }
}
