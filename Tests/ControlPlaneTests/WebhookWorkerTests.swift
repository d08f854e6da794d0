import ControlPlane
import Foundation
import HealthChecking
import Logging
import Route53Model
import Synchronization
import Testing

/// The webhook worker (the shell around `WebhookQueue`) on a `ManualClock` with a scripted
/// sender: the retry timers really run, but time only moves when the test says so.
@Suite("WebhookWorker on a manual clock")
struct WebhookWorkerTests {
    /// Answers attempts from a script (then success) and records them.
    final class ScriptedSender: WebhookSender {
        private let state: Mutex<(script: [Result<Void, WebhookQueue.Failure>], attempts: [(UInt64, Int)])>

        init(_ script: [Result<Void, WebhookQueue.Failure>]) {
            state = Mutex((script, []))
        }

        var attempts: [(eventId: UInt64, attempt: Int)] { state.withLock { $0.attempts.map { (eventId: $0.0, attempt: $0.1) } } }

        func send(_ delivery: WebhookQueue.Delivery, to webhook: WebhookSettings) async -> Result<Void, WebhookQueue.Failure> {
            state.withLock { state in
                state.attempts.append((delivery.event.eventId, delivery.attempt))
                return state.script.isEmpty ? .success(()) : state.script.removeFirst()
            }
        }
    }

    static let webhook = WebhookSettings(url: URL(string: "http://127.0.0.1:9/hook")!, maxAttempts: 3)

    /// Polls `condition` a bounded number of times (the worker's tasks run on other threads).
    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        for _ in 0..<5000 {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    @Test("503, 503, then 200: two backoffs on the injected clock, one delivery")
    func retriesThenDelivers() async throws {
        let clock = ManualClock()
        let sender = ScriptedSender([.failure(WebhookQueue.Failure("HTTP 503")), .failure(WebhookQueue.Failure("HTTP 503"))])
        let worker = WebhookWorker(webhook: Self.webhook, sender: sender, clock: clock, seed: 7, logger: Logger(label: "test"))
        await worker.enqueue(HealthEventsTests.make(1))
        var waits: [Duration] = []
        for retry in 1...2 {
            #expect(try await Self.eventually { clock.sleeperCount == 1 }, "retry \(retry) is waiting on the clock")
            let deadline = try #require(clock.nextDeadline)
            waits.append(deadline - clock.now)
            #expect(sender.attempts.count == retry, "no attempt before the backoff elapsed")
            clock.advance(to: deadline)
        }
        #expect(try await Self.eventually { await worker.deliveredCount == 1 })
        #expect(sender.attempts.map(\.attempt) == [1, 2, 3])
        let policy = WebhookQueue.Policy(maxAttempts: 3, queueSize: 10)
        #expect(waits[0] >= policy.ceiling(afterAttempt: 1) / 2 && waits[0] <= policy.ceiling(afterAttempt: 1))
        #expect(waits[1] >= policy.ceiling(afterAttempt: 2) / 2 && waits[1] <= policy.ceiling(afterAttempt: 2))
        #expect(await worker.isIdle)
    }

    @Test("after MaxAttempts the event is given up and the next one goes out")
    func givesUp() async throws {
        let clock = ManualClock()
        let failure = WebhookQueue.Failure("cannot connect")
        let sender = ScriptedSender([.failure(failure), .failure(failure), .failure(failure)])
        let worker = WebhookWorker(webhook: Self.webhook, sender: sender, clock: clock, seed: 7, logger: Logger(label: "test"))
        await worker.enqueue(HealthEventsTests.make(1))
        await worker.enqueue(HealthEventsTests.make(2))
        for _ in 1...2 {
            #expect(try await Self.eventually { clock.sleeperCount == 1 })
            clock.advance(to: try #require(clock.nextDeadline))
        }
        #expect(try await Self.eventually { await worker.deliveredCount == 1 })
        #expect(await worker.gaveUpCount == 1)
        #expect(sender.attempts.map { "\($0.eventId)/\($0.attempt)" } == ["1/1", "1/2", "1/3", "2/1"])
    }

    @Test("events of types the webhook does not take are ignored")
    func filtersTypes() async throws {
        var webhook = Self.webhook
        webhook.events = ["other"]
        let sender = ScriptedSender([])
        let worker = WebhookWorker(webhook: webhook, sender: sender, clock: ManualClock(), seed: 1, logger: Logger(label: "test"))
        await worker.enqueue(HealthEventsTests.make(1))
        #expect(await worker.isIdle)
        #expect(sender.attempts.isEmpty)
    }
}
