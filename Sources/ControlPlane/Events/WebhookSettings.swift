import Foundation

/// The `Events` section (issue 5 item 5): where health events go besides the log and
/// `GET /_lab/events`.
public struct EventSettings: Sendable, Hashable {
    public var webhooks: [WebhookSettings]

    public init(webhooks: [WebhookSettings] = []) {
        self.webhooks = webhooks
    }
}

/// One webhook: a JSON POST per event to `url`, retried with exponential backoff and jitter
/// (`WebhookQueue`) up to `maxAttempts` times, each attempt bounded by `timeoutSeconds`.
public struct WebhookSettings: Sendable, Hashable {
    public static let eventTypes = ["health"]
    public static let defaultMaxAttempts = 5
    public static let maxAttemptsRange: ClosedRange<Int64> = 1...20
    public static let defaultTimeoutSeconds = 5.0
    public static let maximumTimeoutSeconds = 60.0
    public static let defaultQueueSize = 1000
    public static let queueSizeRange: ClosedRange<Int64> = 1...100_000

    /// `http://` or `https://` only.
    public var url: URL
    /// Event types delivered (`health`).
    public var events: [String]
    public var maxAttempts: Int
    public var timeoutSeconds: Double
    /// Events waiting behind the one being delivered; beyond it the oldest are dropped (counted).
    public var queueSize: Int

    public init(url: URL, events: [String] = WebhookSettings.eventTypes, maxAttempts: Int = WebhookSettings.defaultMaxAttempts,
                timeoutSeconds: Double = WebhookSettings.defaultTimeoutSeconds, queueSize: Int = WebhookSettings.defaultQueueSize) {
        self.url = url
        self.events = events
        self.maxAttempts = maxAttempts
        self.timeoutSeconds = timeoutSeconds
        self.queueSize = queueSize
    }
}
