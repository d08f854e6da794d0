import HealthChecking
import Logging
import Route53Model
import Synchronization

/// Feeds health events to the configured webhooks (issue 5 item 5): one hub subscription, one
/// `WebhookWorker` per webhook. `apply` swaps the set on reload — unchanged webhooks keep their
/// queues; removed ones stop. The reader only enqueues, so it keeps up with any event rate and a
/// slow receiver costs its own queue, nothing else.
public final class WebhookDispatcher: Sendable {
    private let events: HealthEvents
    private let sender: any WebhookSender
    private let clock: any HealthClock
    private let logger: Logger
    private let seed: UInt64
    private let workers = Mutex<[WebhookSettings: WebhookWorker]>([:])
    private let subscription: HealthEventSubscription

    /// Subscribes at once, so events published before `run()` starts are not missed.
    public init(events: HealthEvents, sender: any WebhookSender, clock: any HealthClock = SystemHealthClock(), seed: UInt64,
                logger: Logger) {
        self.events = events
        self.sender = sender
        self.clock = clock
        self.seed = seed
        self.logger = logger
        subscription = events.subscribe()
    }

    /// The webhooks currently served.
    public var webhooks: [WebhookSettings] { workers.withLock { Array($0.keys) } }

    /// Serves `webhooks` from now on.
    public func apply(_ webhooks: [WebhookSettings]) {
        let removed: [WebhookWorker] = workers.withLock { workers in
            let wanted = Set(webhooks)
            let gone = workers.filter { !wanted.contains($0.key) }.map(\.value)
            for key in workers.keys where !wanted.contains(key) { workers[key] = nil }
            for (index, webhook) in webhooks.enumerated() where workers[webhook] == nil {
                workers[webhook] = WebhookWorker(webhook: webhook, sender: sender, clock: clock,
                                                 seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15, logger: logger)
            }
            return gone
        }
        for worker in removed {
            Task { await worker.stop() }
        }
    }

    /// Reads the hub until it finishes or `shutdown()`.
    public func run() async {
        for await delivery in subscription {
            switch delivery {
            case .event(let event):
                for worker in workers.withLock({ Array($0.values) }) {
                    await worker.enqueue(event)
                }
            case .lost(let count):
                logger.warning("webhook dispatcher fell behind; events not delivered to webhooks", metadata: ["lost": "\(count)"])
            case .heartbeat:
                break
            }
        }
    }

    /// Stops reading and abandons pending deliveries.
    public func shutdown() async {
        subscription.cancel()
        let all = workers.withLock { workers in
            defer { workers = [:] }
            return Array(workers.values)
        }
        for worker in all { await worker.stop() }
    }
}
