import Foundation
import Route53Model

extension ConfigLoader {
    static let eventsKeys = ["Webhooks"]
    static let webhookKeys = ["Url", "Events", "MaxAttempts", "TimeoutSeconds", "QueueSize"]

    /// The `Events` section (issue 5 item 5): `Webhooks: [{Url, Events, MaxAttempts,
    /// TimeoutSeconds, QueueSize}]`. Every problem is reported with its line and key path.
    static func decodeEvents(_ fields: YAMLFields, context: LoadContext) -> EventSettings {
        var settings = EventSettings()
        var seen: [String: String] = [:]
        for item in fields.sequence("Webhooks") ?? [] {
            guard let hook = context.reader.mapping(item.node, path: item.path, allowed: webhookKeys) else { continue }
            let url = hook.string("Url", required: true).flatMap { webhookURL($0, fields: hook) }
            var webhook = WebhookSettings(url: url ?? URL(fileURLWithPath: "/"))
            if let url {
                if let first = seen[url.absoluteString] {
                    hook.report("Url", "\(url.absoluteString) is already the Url of \(first)")
                }
                seen[url.absoluteString] = seen[url.absoluteString] ?? item.path
            }
            if let items = hook.sequence("Events") {
                var events: [String] = []
                for event in items {
                    guard let name = context.reader.scalar(event.node, path: event.path) else { continue }
                    if !WebhookSettings.eventTypes.contains(name) {
                        context.reader.report(line: event.node.mark?.line, path: event.path,
                                              "\(name) is not an event type (\(WebhookSettings.eventTypes.joined(separator: ", ")))")
                    } else if !events.contains(name) {
                        events.append(name)
                    }
                }
                if items.isEmpty { hook.report("Events", "at least one event type is required") }
                webhook.events = events
            }
            if let attempts = hook.integer("MaxAttempts", in: WebhookSettings.maxAttemptsRange) {
                webhook.maxAttempts = Int(attempts)
            }
            if let timeout = number(hook, "TimeoutSeconds") {
                if timeout > 0 && timeout <= WebhookSettings.maximumTimeoutSeconds {
                    webhook.timeoutSeconds = timeout
                } else {
                    let maximum = HealthCheckValidator.formatSeconds(WebhookSettings.maximumTimeoutSeconds)
                    hook.report("TimeoutSeconds",
                                "\(HealthCheckValidator.formatSeconds(timeout)) is out of range (above 0, at most \(maximum))")
                }
            }
            if let size = hook.integer("QueueSize", in: WebhookSettings.queueSizeRange) {
                webhook.queueSize = Int(size)
            }
            if hook.isClean { settings.webhooks.append(webhook) }
        }
        return settings
    }

    /// An absolute `http://` or `https://` URL with a host; anything else is reported.
    static func webhookURL(_ text: String, fields: YAMLFields) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            fields.report("Url", "\(text) is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:9000/hook)")
            return nil
        }
        if let port = url.port, !(1...65535).contains(port) {
            fields.report("Url", "\(text): port \(port) is out of range (1…65535)")
            return nil
        }
        return url
    }
}
