import Foundation
import Route53Model
import Synchronization

/// The in-process hub of health events (issue 5 item 5, the CloudWatch alarm → SNS analogue):
/// `HealthService` publishes one event per transition; SSE clients and the webhook dispatcher
/// subscribe. Publishing only appends to bounded buffers under a lock — it never waits for a
/// reader — so a stuck client cannot delay the checker or the health publication.
///
/// Recent events are kept in a small replay ring, so a client reconnecting with
/// `Last-Event-ID` gets what it missed (or is told how many it can no longer get).
public final class HealthEvents: Sendable {
    /// Events kept for `Last-Event-ID` replay.
    public static let defaultReplayCapacity = 256
    /// Undelivered events one subscriber may hold before the oldest are dropped.
    public static let defaultSubscriberCapacity = 256

    private struct State {
        var nextEventId: UInt64 = 1
        var ring: [LabHealthEvent] = []
        var subscribers: [UInt64: HealthEventSubscription] = [:]
        var nextSubscriberId: UInt64 = 1
        var finished = false
    }

    public let replayCapacity: Int
    public let subscriberCapacity: Int
    /// Random per hub (daemon run): event numbers restart at 1 in every run, so a
    /// `Last-Event-ID` from an earlier run must not be read as a position in this one.
    public let runId: String
    private let state = Mutex(State())

    public init(replayCapacity: Int = HealthEvents.defaultReplayCapacity,
                subscriberCapacity: Int = HealthEvents.defaultSubscriberCapacity,
                runId: String = HealthEvents.randomRunId()) {
        self.replayCapacity = max(1, replayCapacity)
        self.subscriberCapacity = max(1, subscriberCapacity)
        self.runId = runId
    }

    /// Eight lower-case hex digits.
    public static func randomRunId() -> String {
        let text = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }

    /// Where a client's `Last-Event-ID` resumes: `RUN-N` of this run → after N; of another run
    /// (the daemon restarted) → after 0, i.e. everything this run still holds; a bare `N` → after
    /// N (`?lastEventId=` from the status page); anything else → nil (new events only).
    public func resumePoint(lastEventId text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = UInt64(trimmed) { return number }
        guard let dash = trimmed.lastIndex(of: "-"), let number = UInt64(trimmed[trimmed.index(after: dash)...]) else { return nil }
        return trimmed[..<dash] == runId ? number : 0
    }

    /// The newest event's ID (0 before the first).
    public var lastEventId: UInt64 { state.withLock { $0.nextEventId - 1 } }

    /// Subscribers currently attached (SSE clients plus the webhook dispatcher).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Numbers the event built by `make` (which receives its ID), keeps it for replay and hands
    /// it to every subscriber. Returns the event and how many subscribers had to drop an old one.
    @discardableResult
    public func publish(_ make: (UInt64) -> LabHealthEvent) -> (event: LabHealthEvent, overflowed: Int) {
        state.withLock { state in
            var event = make(state.nextEventId)
            event.runId = runId
            state.nextEventId += 1
            state.ring.append(event)
            if state.ring.count > replayCapacity { state.ring.removeFirst(state.ring.count - replayCapacity) }
            var overflowed = 0
            // Delivery happens under the hub lock so that every subscriber sees events in ID
            // order and a new subscriber's replay never overlaps or misses a live event.
            for subscriber in state.subscribers.values where subscriber.deliver(event) {
                overflowed += 1
            }
            return (event, overflowed)
        }
    }

    /// A new subscription. With `lastEventId` (a reconnecting client's `Last-Event-ID`), the
    /// events after it still in the replay ring are queued first, preceded by a `.lost(n)` for
    /// those that already left the ring; without, only events published from now on.
    public func subscribe(after lastEventId: UInt64? = nil) -> HealthEventSubscription {
        state.withLock { state in
            let id = state.nextSubscriberId
            state.nextSubscriberId += 1
            let subscription = HealthEventSubscription(id: id, capacity: subscriberCapacity) { [weak self] id in
                self?.unsubscribe(id)
            }
            if state.finished {
                subscription.finish()
                return subscription
            }
            if let lastEventId {
                let newest = state.nextEventId - 1
                let oldestKept = state.ring.first?.eventId ?? state.nextEventId
                let missing = lastEventId + 1 < oldestKept ? Int(min(oldestKept, newest + 1) - (lastEventId + 1)) : 0
                if missing > 0 { subscription.noteLost(missing) }
                for event in state.ring where event.eventId > lastEventId {
                    subscription.deliver(event)
                }
            }
            state.subscribers[id] = subscription
            return subscription
        }
    }

    /// Ends every subscription (daemon shutdown) so streaming responses complete and the
    /// control listener can close; later subscriptions end at once.
    public func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
