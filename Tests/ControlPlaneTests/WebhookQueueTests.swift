@testable import ControlPlane
import Route53Model
import Testing

/// The webhook retry state machine (issue 5 item 5), driven with explicit instants: the whole
/// backoff schedule runs in microseconds, nothing sleeps.
@Suite("WebhookQueue: retries, backoff, bounded queue")
struct WebhookQueueTests {
    static let start = ContinuousClock.now

    static func event(_ id: UInt64, _ check: String = "web", to: String = "Unhealthy") -> LabHealthEvent {
        LabHealthEvent(eventId: id, healthCheckId: check, from: to == "Healthy" ? "Unhealthy" : "Healthy", to: to,
                       realStatus: to, reason: "test", cause: "drill", time: "2023-11-14T22:13:20.000Z", healthGeneration: id)
    }

    /// The single `.send` among `actions`.
    static func sent(_ actions: [WebhookQueue.Action]) -> WebhookQueue.Delivery? {
        actions.compactMap { if case .send(let delivery) = $0 { delivery } else { nil } }.first
    }

    static func wake(_ actions: [WebhookQueue.Action]) -> ContinuousClock.Instant? {
        actions.compactMap { if case .wake(let at) = $0 { at } else { nil } }.first
    }

    @Test("backoff ceilings double from 0.5 s and stop at the maximum")
    func ceilings() {
        let policy = WebhookQueue.Policy(maxAttempts: 10, queueSize: 10, initialBackoff: .milliseconds(500), maximumBackoff: .seconds(30))
        let ceilings = (1...9).map { policy.ceiling(afterAttempt: $0) }
        #expect(ceilings == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30),
                             .seconds(30), .seconds(30)])
    }

    @Test("a failing receiver is retried with jittered exponential backoff, then given up after MaxAttempts")
    func schedule() throws {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 5, queueSize: 10), seed: 42)
        var now = Self.start
        var actions = queue.enqueue(Self.event(1), now: now)
        #expect(Self.sent(actions)?.attempt == 1)
        var waits: [Duration] = []
        for attempt in 1...4 {
            actions = queue.attemptFailed(WebhookQueue.Failure("HTTP 503"), now: now)
            let deadline = try #require(Self.wake(actions))
            let wait = deadline - now
            waits.append(wait)
            // Equal jitter: within [ceiling/2, ceiling] — never early, never beyond the ceiling.
            let ceiling = queue.policy.ceiling(afterAttempt: attempt)
            #expect(wait >= ceiling / 2 && wait <= ceiling, "attempt \(attempt): waited \(wait), ceiling \(ceiling)")
            // A timer firing early is re-armed, not acted on.
            #expect(queue.timerFired(now: deadline - .milliseconds(1)) == [.wake(at: deadline)])
            now = deadline
            actions = queue.timerFired(now: now)
            let delivery = try #require(Self.sent(actions))
            #expect(delivery.attempt == attempt + 1)
            #expect(delivery.lastFailure == "HTTP 503")
        }
        actions = queue.attemptFailed(WebhookQueue.Failure("HTTP 503"), now: now)
        #expect(actions == [.gaveUp(Self.event(1), attempts: 5, reason: "HTTP 503")])
        #expect(queue.state == .idle)
        // The same seed gives the same schedule (injected randomness, architecture pattern 2).
        var again = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 5, queueSize: 10), seed: 42)
        _ = again.enqueue(Self.event(1), now: Self.start)
        var replayed: [Duration] = []
        var at = Self.start
        for _ in 1...4 {
            let deadline = Self.wake(again.attemptFailed(WebhookQueue.Failure("x"), now: at))!
            replayed.append(deadline - at)
            at = deadline
            _ = again.timerFired(now: at)
        }
        #expect(replayed == waits)
    }

    @Test("success after failures delivers and reports the attempt count")
    func recovers() {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 5, queueSize: 10), seed: 1)
        _ = queue.enqueue(Self.event(7), now: Self.start)
        let deadline = Self.wake(queue.attemptFailed(WebhookQueue.Failure("HTTP 503"), now: Self.start))!
        _ = queue.timerFired(now: deadline)
        #expect(queue.attemptSucceeded(now: deadline) == [.delivered(Self.event(7), attempts: 2)])
        #expect(queue.state == .idle)
    }

    @Test("a permanent failure (HTTP 404) is not retried")
    func permanent() {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 5, queueSize: 10), seed: 1)
        _ = queue.enqueue(Self.event(1), now: Self.start)
        let actions = queue.attemptFailed(WebhookQueue.Failure("HTTP 404", retryable: false), now: Self.start)
        #expect(actions == [.gaveUp(Self.event(1), attempts: 1, reason: "HTTP 404")])
    }

    @Test("events are delivered one at a time, in order; the next starts when the previous is settled")
    func ordering() {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 2, queueSize: 10), seed: 1)
        #expect(Self.sent(queue.enqueue(Self.event(1), now: Self.start))?.event.eventId == 1)
        #expect(queue.enqueue(Self.event(2, to: "Healthy"), now: Self.start).isEmpty, "waits behind event 1")
        let deadline = Self.wake(queue.attemptFailed(WebhookQueue.Failure("refused"), now: Self.start))!
        #expect(queue.enqueue(Self.event(3), now: Self.start).isEmpty, "waits while event 1 backs off")
        _ = queue.timerFired(now: deadline)
        let afterGiveUp = queue.attemptFailed(WebhookQueue.Failure("refused"), now: deadline)
        #expect(afterGiveUp.first == .gaveUp(Self.event(1), attempts: 2, reason: "refused"))
        #expect(Self.sent(afterGiveUp)?.event.eventId == 2)
        let afterSuccess = queue.attemptSucceeded(now: deadline)
        #expect(afterSuccess.first == .delivered(Self.event(2, to: "Healthy"), attempts: 1))
        #expect(Self.sent(afterSuccess)?.event.eventId == 3)
    }

    @Test("a full queue drops the oldest waiting event and counts every drop")
    func bounded() {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 5, queueSize: 3), seed: 1)
        _ = queue.enqueue(Self.event(1), now: Self.start)          // in flight
        for id in 2...4 { #expect(queue.enqueue(Self.event(UInt64(id)), now: Self.start).isEmpty) }
        #expect(queue.enqueue(Self.event(5), now: Self.start) == [.dropped(Self.event(2), total: 1)])
        #expect(queue.enqueue(Self.event(6), now: Self.start) == [.dropped(Self.event(3), total: 2)])
        #expect(queue.waiting.map(\.eventId) == [4, 5, 6])
        #expect(queue.droppedCount == 2)
        // The event in flight is never the one dropped.
        #expect(queue.attemptSucceeded(now: Self.start).first == .delivered(Self.event(1), attempts: 1))
    }

    @Test("stale outcomes and timers change nothing")
    func stale() {
        var queue = WebhookQueue(policy: WebhookQueue.Policy(maxAttempts: 3, queueSize: 3), seed: 1)
        #expect(queue.attemptSucceeded(now: Self.start).isEmpty)
        #expect(queue.attemptFailed(WebhookQueue.Failure("x"), now: Self.start).isEmpty)
        #expect(queue.timerFired(now: Self.start).isEmpty)
        #expect(queue.state == .idle)
    }
}
