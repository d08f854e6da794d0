import DNSWire
import Route53Model

/// One webhook's delivery queue as a pure state machine (architecture pattern 1; issue 5 item 5:
/// "JSON POST with retries and backoff, bounded queue, never blocking the checker").
///
/// Events are delivered one at a time, in order (an "unhealthy" must not overtake the "healthy"
/// that follows it). A failed attempt is retried after an exponential backoff with jitter until
/// `maxAttempts` attempts were made; a permanent failure (a 4xx other than 408/429) gives up at
/// once. While one event is in flight or backing off, later ones wait in a queue of at most
/// `queueSize`; when it is full the oldest waiting event is dropped and counted. Time comes in as
/// arguments and randomness from a seeded generator, so tests run the schedule without sleeping.
public struct WebhookQueue: Sendable {
    /// The retry policy.
    public struct Policy: Sendable, Hashable {
        public var maxAttempts: Int
        public var queueSize: Int
        /// Backoff before the second attempt; doubled for each later one, up to `maximumBackoff`.
        public var initialBackoff: Duration
        public var maximumBackoff: Duration

        public init(maxAttempts: Int, queueSize: Int, initialBackoff: Duration = .milliseconds(500),
                    maximumBackoff: Duration = .seconds(30)) {
            self.maxAttempts = max(1, maxAttempts)
            self.queueSize = max(1, queueSize)
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }

        /// The backoff ceiling after failed attempt `attempt` (1-based): initial × 2^(attempt−1),
        /// capped. The actual wait is jittered into [ceiling/2, ceiling] ("equal jitter"), so
        /// retries of many lab daemons against one receiver spread out but never come early.
        public func ceiling(afterAttempt attempt: Int) -> Duration {
            var delay = initialBackoff
            for _ in 1..<max(1, attempt) {
                delay *= 2
                if delay >= maximumBackoff { return maximumBackoff }
            }
            return min(delay, maximumBackoff)
        }
    }

    /// An event on its way, with the number of the attempt being (or last) made.
    public struct Delivery: Sendable, Hashable {
        public var event: LabHealthEvent
        /// 1 for the first attempt.
        public var attempt: Int
        /// Why the previous attempt failed (nil before the first failure).
        public var lastFailure: String?
    }

    /// Why an attempt failed.
    public struct Failure: Sendable, Hashable, Error {
        public var reason: String
        /// False for failures a retry cannot fix (e.g. HTTP 404): the event is given up at once.
        public var retryable: Bool

        public init(_ reason: String, retryable: Bool = true) {
            self.reason = reason
            self.retryable = retryable
        }
    }

    public enum State: Sendable, Hashable {
        case idle
        /// An attempt is in flight.
        case sending(Delivery)
        /// Waiting to retry `Delivery` at the instant.
        case backingOff(Delivery, until: ContinuousClock.Instant)
    }

    /// What the shell must do; an input may produce several, performed in order.
    public enum Action: Sendable, Hashable {
        /// POST `delivery.event` now (attempt `delivery.attempt`), then report the outcome with
        /// `attemptSucceeded` or `attemptFailed`.
        case send(Delivery)
        /// Call `timerFired(now:)` at this instant (replaces any earlier timer).
        case wake(at: ContinuousClock.Instant)
        /// Accepted by the receiver after `attempts` attempts.
        case delivered(LabHealthEvent, attempts: Int)
        /// Given up after `attempts` attempts; log it once at warning.
        case gaveUp(LabHealthEvent, attempts: Int, reason: String)
        /// The queue was full: this (oldest waiting) event was dropped; `total` since start.
        case dropped(LabHealthEvent, total: Int)
    }

    public let policy: Policy
    public private(set) var state: State = .idle
    /// Events waiting behind the current delivery, oldest first.
    public private(set) var waiting: [LabHealthEvent] = []
    /// Events dropped because the queue was full, since start.
    public private(set) var droppedCount = 0
    private var random: SplitMix64

    public init(policy: Policy, seed: UInt64) {
        self.policy = policy
        random = SplitMix64(seed: seed)
    }

    /// A new event to deliver.
    public mutating func enqueue(_ event: LabHealthEvent, now: ContinuousClock.Instant) -> [Action] {
        guard case .idle = state else {
            var actions: [Action] = []
            if waiting.count >= policy.queueSize {
                let oldest = waiting.removeFirst()
                droppedCount += 1
                actions.append(.dropped(oldest, total: droppedCount))
            }
            waiting.append(event)
            return actions
        }
        return start(event)
    }

    /// The attempt in flight was accepted (2xx).
    public mutating func attemptSucceeded(now: ContinuousClock.Instant) -> [Action] {
        guard case .sending(let delivery) = state else { return [] }
        return [.delivered(delivery.event, attempts: delivery.attempt)] + startNext()
    }

    /// The attempt in flight failed: retry after a backoff, or give up.
    public mutating func attemptFailed(_ failure: Failure, now: ContinuousClock.Instant) -> [Action] {
        guard case .sending(var delivery) = state else { return [] }
        guard failure.retryable, delivery.attempt < policy.maxAttempts else {
            return [.gaveUp(delivery.event, attempts: delivery.attempt, reason: failure.reason)] + startNext()
        }
        delivery.lastFailure = failure.reason
        let deadline = now + backoff(afterAttempt: delivery.attempt)
        state = .backingOff(delivery, until: deadline)
        return [.wake(at: deadline)]
    }

    /// The timer requested by `.wake(at:)` fired (early or stale calls are ignored or re-armed).
    public mutating func timerFired(now: ContinuousClock.Instant) -> [Action] {
        guard case .backingOff(var delivery, let deadline) = state else { return [] }
        guard now >= deadline else { return [.wake(at: deadline)] }
        delivery.attempt += 1
        state = .sending(delivery)
        return [.send(delivery)]
    }

    /// The jittered backoff after failed attempt `attempt`, in [ceiling/2, ceiling].
    mutating func backoff(afterAttempt attempt: Int) -> Duration {
        let ceiling = policy.ceiling(afterAttempt: attempt)
        let fraction = Double(random.next() >> 11) / Double(1 << 53)
        return ceiling / 2 + (ceiling / 2) * fraction
    }

    private mutating func start(_ event: LabHealthEvent) -> [Action] {
        let delivery = Delivery(event: event, attempt: 1, lastFailure: nil)
        state = .sending(delivery)
        return [.send(delivery)]
    }

    private mutating func startNext() -> [Action] {
        guard !waiting.isEmpty else {
            state = .idle
            return []
        }
        return start(waiting.removeFirst())
    }
}
