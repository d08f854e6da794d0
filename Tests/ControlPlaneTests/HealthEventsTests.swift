@testable import ControlPlane
import Route53Model
import Testing

/// The in-process event hub (issue 5 item 5): bounded per-subscriber buffers, replay for
/// `Last-Event-ID`, lost counts, and a publisher that never waits for a reader.
@Suite("HealthEvents hub")
struct HealthEventsTests {
    static func make(_ id: UInt64) -> LabHealthEvent {
        LabHealthEvent(eventId: id, healthCheckId: "web", from: "Healthy", to: "Unhealthy", realStatus: "Unhealthy",
                       reason: "test", cause: "probes", time: "2023-11-14T22:13:20.000Z", healthGeneration: id)
    }

    @discardableResult
    static func publish(_ hub: HealthEvents) -> LabHealthEvent {
        hub.publish(make).event
    }

    /// Takes what is queued right now (the hub delivers synchronously, so nothing is in flight).
    static func drain(_ subscription: HealthEventSubscription, _ count: Int) async -> [HealthEventSubscription.Delivery] {
        var items: [HealthEventSubscription.Delivery] = []
        for _ in 0..<count {
            guard let item = await subscription.next() else { break }
            items.append(item)
        }
        return items
    }

    static func ids(_ items: [HealthEventSubscription.Delivery]) -> [String] {
        items.map {
            switch $0 {
            case .event(let event): "\(event.eventId)"
            case .lost(let count): "lost \(count)"
            case .heartbeat: "heartbeat"
            }
        }
    }

    @Test("the buffer drops the oldest when full and reports the gap before the oldest kept")
    func buffer() {
        var buffer = BoundedEventBuffer<Int>(capacity: 3)
        #expect(!buffer.append(1) && !buffer.append(2) && !buffer.append(3))
        #expect(buffer.append(4) && buffer.append(5))
        var taken: [String] = []
        while let item = buffer.next() {
            switch item {
            case .element(let value): taken.append("\(value)")
            case .lost(let count): taken.append("lost \(count)")
            case .heartbeat: taken.append("heartbeat")
            }
        }
        #expect(taken == ["lost 2", "3", "4", "5"])
        buffer.requestHeartbeat()
        #expect(buffer.append(6) == false)
        if case .element(6) = buffer.next() {} else { Issue.record("event before heartbeat") }
        #expect(buffer.next() == nil, "an event delivered since the request makes the heartbeat unnecessary")
    }

    @Test("a slow subscriber loses old events, is told how many, and never slows the publisher")
    func slowSubscriber() async {
        let hub = HealthEvents(replayCapacity: 8, subscriberCapacity: 4)
        let slow = hub.subscribe()
        let fast = hub.subscribe()
        var overflowed = 0
        for _ in 1...10 {
            overflowed += hub.publish(Self.make).overflowed
            _ = await fast.next()
        }
        #expect(overflowed == 6, "only the slow subscriber overflowed, once per event beyond its 4")
        #expect(Self.ids(await Self.drain(slow, 5)) == ["lost 6", "7", "8", "9", "10"])
        slow.cancel()
        fast.cancel()
        #expect(hub.subscriberCount == 0)
    }

    @Test("Last-Event-ID replays what the ring still holds and reports what it no longer has")
    func replay() async {
        let hub = HealthEvents(replayCapacity: 3, subscriberCapacity: 16)
        for _ in 1...5 { Self.publish(hub) }
        #expect(hub.lastEventId == 5)
        #expect(Self.ids(await Self.drain(hub.subscribe(after: 3), 2)) == ["4", "5"])
        #expect(Self.ids(await Self.drain(hub.subscribe(after: 0), 4)) == ["lost 2", "3", "4", "5"])
        let live = hub.subscribe(after: 5)
        Self.publish(hub)
        #expect(Self.ids(await Self.drain(live, 1)) == ["6"])
        let fresh = hub.subscribe()
        Self.publish(hub)
        #expect(Self.ids(await Self.drain(fresh, 1)) == ["7"], "without Last-Event-ID only new events")
    }

    @Test("Last-Event-ID of this run resumes after it; one of another run replays everything")
    func resumePoints() {
        let hub = HealthEvents(runId: "0000abcd")
        #expect(hub.resumePoint(lastEventId: "0000abcd-5") == 5)
        #expect(hub.resumePoint(lastEventId: "12345678-5") == 0)
        #expect(hub.resumePoint(lastEventId: " 7 ") == 7)
        #expect(hub.resumePoint(lastEventId: "nonsense") == nil)
        #expect(Self.publish(hub).globalId == "0000abcd-1", "the hub stamps its run")
        #expect(HealthEvents.randomRunId().count == 8)
    }

    @Test("a waiting reader is woken by an event or a heartbeat; finish ends every stream")
    func wakeAndFinish() async {
        let hub = HealthEvents()
        let subscription = hub.subscribe()
        async let first = subscription.next()
        // Bounded: the reader parks at once; publishing before it parks is fine too (buffered).
        for _ in 0..<100 { await Task.yield() }
        Self.publish(hub)
        #expect(Self.ids([await first].compactMap { $0 }) == ["1"])
        async let second = subscription.next()
        for _ in 0..<100 { await Task.yield() }
        subscription.heartbeat()
        #expect(Self.ids([await second].compactMap { $0 }) == ["heartbeat"])
        hub.finish()
        #expect(await subscription.next() == nil)
        #expect(await hub.subscribe().next() == nil, "a subscription after finish ends at once")
    }

    @Test("a cancelled reading task gets nil instead of hanging")
    func cancellation() async {
        let hub = HealthEvents()
        let subscription = hub.subscribe()
        let reader = Task { await subscription.next() }
        reader.cancel()
        #expect(await reader.value == nil)
    }
}
