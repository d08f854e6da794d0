import Foundation
import HealthChecking
import Route53Model

/// Sends a delivery: the real one POSTs with `WebhookHTTPClient`; tests script outcomes.
public protocol WebhookSender: Sendable {
    func send(_ delivery: WebhookQueue.Delivery, to webhook: WebhookSettings) async -> Result<Void, WebhookQueue.Failure>
}

/// The real sender: one JSON POST per attempt, with the event's ID and the attempt number in
/// headers so a receiver can de-duplicate retries of an event it already processed.
public struct HTTPWebhookSender: WebhookSender {
    let client: WebhookHTTPClient

    public init(client: WebhookHTTPClient) {
        self.client = client
    }

    public func send(_ delivery: WebhookQueue.Delivery, to webhook: WebhookSettings) async -> Result<Void, WebhookQueue.Failure> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(delivery.event) else {
            return .failure(WebhookQueue.Failure("cannot encode event \(delivery.event.eventId)", retryable: false))
        }
        let headers = [("X-Lab53-Event", delivery.event.type), ("X-Lab53-Event-Id", delivery.event.globalId),
                       ("X-Lab53-Delivery-Attempt", "\(delivery.attempt)")]
        return await client.post(url: webhook.url, body: Array(body), headers: headers,
                                 timeout: MonitorTime.duration(seconds: webhook.timeoutSeconds))
    }
}
