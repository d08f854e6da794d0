import Foundation
import HealthChecking
import Logging
import Route53Model

/// The shell around one webhook's `WebhookQueue`: performs its actions — an HTTP attempt in a
/// task, a timer on the injected clock, a log line — and feeds the outcomes back. Enqueueing
/// only runs the machine (no I/O), so the event hub's reader never waits on a receiver.
public actor WebhookWorker {
    public let webhook: WebhookSettings
    private var machine: WebhookQueue
    private let sender: any WebhookSender
    private let clock: any HealthClock
    private let logger: Logger
    private var timer: Task<Void, Never>?
    private var attempt: Task<Void, Never>?
    private var stopped = false
    /// Outcomes so far, for the lab and for tests.
    public private(set) var deliveredCount = 0
    public private(set) var gaveUpCount = 0

    public init(webhook: WebhookSettings, sender: any WebhookSender, clock: any HealthClock, seed: UInt64, logger: Logger,
                policy: WebhookQueue.Policy? = nil) {
        self.webhook = webhook
        self.sender = sender
        self.clock = clock
        self.logger = logger
        machine = WebhookQueue(policy: policy ?? WebhookQueue.Policy(maxAttempts: webhook.maxAttempts, queueSize: webhook.queueSize),
                               seed: seed)
    }

    /// Queues `event` if this webhook takes its type.
    public func enqueue(_ event: LabHealthEvent) {
        guard !stopped, webhook.events.contains(event.type) else { return }
        perform(machine.enqueue(event, now: clock.now))
    }

    /// Events dropped because the queue was full.
    public var droppedCount: Int { machine.droppedCount }
    /// Nothing in flight, backing off or waiting.
    public var isIdle: Bool { machine.state == .idle && machine.waiting.isEmpty }

    /// Abandons the attempt in flight and any pending retry (shutdown, or the webhook was removed).
    public func stop() {
        stopped = true
        timer?.cancel()
        attempt?.cancel()
    }

    private func perform(_ actions: [WebhookQueue.Action]) {
        guard !stopped else { return }
        for action in actions {
            switch action {
            case .send(let delivery):
                let sender = self.sender
                let webhook = self.webhook
                attempt = Task { [weak self] in
                    let outcome = await sender.send(delivery, to: webhook)
                    await self?.finished(outcome)
                }
            case .wake(let deadline):
                timer?.cancel()
                let clock = self.clock
                timer = Task { [weak self] in
                    do {
                        try await clock.sleep(until: deadline)
                    } catch {
                        return
                    }
                    await self?.timerFired()
                }
            case .delivered(let event, let attempts):
                deliveredCount += 1
                logger.debug("webhook delivered", metadata: metadata(event, ["attempts": "\(attempts)"]))
            case .gaveUp(let event, let attempts, let reason):
                gaveUpCount += 1
                // Once per event (issue 5 item 5): retries in between are only debug lines.
                logger.warning("webhook delivery failed; event dropped",
                               metadata: metadata(event, ["attempts": "\(attempts)", "reason": "\(reason)"]))
            case .dropped(let event, let total):
                logger.warning("webhook queue full; oldest waiting event dropped",
                               metadata: metadata(event, ["dropped_total": "\(total)", "queue_size": "\(webhook.queueSize)"]))
            }
        }
    }

    private func finished(_ outcome: Result<Void, WebhookQueue.Failure>) {
        attempt = nil
        switch outcome {
        case .success:
            perform(machine.attemptSucceeded(now: clock.now))
        case .failure(let failure):
            if case .sending(let delivery) = machine.state, failure.retryable, delivery.attempt < machine.policy.maxAttempts {
                logger.debug("webhook attempt failed; will retry",
                             metadata: metadata(delivery.event, ["attempt": "\(delivery.attempt)", "reason": "\(failure.reason)"]))
            }
            perform(machine.attemptFailed(failure, now: clock.now))
        }
    }

    private func timerFired() {
        timer = nil
        perform(machine.timerFired(now: clock.now))
    }

    private func metadata(_ event: LabHealthEvent, _ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["url": "\(webhook.url.absoluteString)", "event_id": "\(event.eventId)",
                                         "health_check": "\(event.healthCheckId)", "to": "\(event.to)"]
        metadata.merge(extra) { _, new in new }
        return metadata
    }
}
