import ControlPlane
import Foundation
import Testing

/// `Events:` with `Webhooks` entries, entry i on line i + 3.
func webhooksConfig(_ entries: String...) -> String {
    "Events:\n  Webhooks:\n" + entries.map { "    - " + $0 + "\n" }.joined()
}

let eventsConfigErrorRows: [ConfigErrorRow] = [
    ConfigErrorRow(name: "unknown Events key", text: "Events: {Hooks: []}\n",
                   expected: ["test.yaml:1: Events.Hooks: unknown key; allowed keys: Webhooks"]),
    ConfigErrorRow(name: "unknown webhook key", text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook', Secret: x}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].Secret: unknown key; allowed keys: Url, Events, MaxAttempts, TimeoutSeconds, QueueSize"]),
    ConfigErrorRow(name: "Url missing", text: webhooksConfig("{MaxAttempts: 3}"),
                   expected: ["test.yaml:3: Events.Webhooks[0]: missing required key Url"]),
    ConfigErrorRow(name: "only http and https", text: webhooksConfig("{Url: 'ftp://127.0.0.1/hook'}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].Url: ftp://127.0.0.1/hook is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:9000/hook)"]),
    ConfigErrorRow(name: "no host", text: webhooksConfig("{Url: 'http:///hook'}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].Url: http:///hook is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:9000/hook)"]),
    ConfigErrorRow(name: "unknown event type", text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook', Events: [health, zone]}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].Events[1]: zone is not an event type (health)"]),
    ConfigErrorRow(name: "MaxAttempts out of range", text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook', MaxAttempts: 0}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].MaxAttempts: 0 is out of range (1…20)"]),
    ConfigErrorRow(name: "TimeoutSeconds out of range", text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook', TimeoutSeconds: 61}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].TimeoutSeconds: 61 is out of range (above 0, at most 60)"]),
    ConfigErrorRow(name: "QueueSize out of range", text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook', QueueSize: 0}"),
                   expected: ["test.yaml:3: Events.Webhooks[0].QueueSize: 0 is out of range (1…100000)"]),
    ConfigErrorRow(name: "same Url twice",
                   text: webhooksConfig("{Url: 'http://127.0.0.1:9000/hook'}", "{Url: 'http://127.0.0.1:9000/hook'}"),
                   expected: ["test.yaml:4: Events.Webhooks[1].Url: http://127.0.0.1:9000/hook is already the Url of Events.Webhooks[0]"]),
]

@Suite("Config: the Events section")
struct EventsConfigTests {
    @Test("Exact problem text", arguments: eventsConfigErrorRows)
    func exactText(_ row: ConfigErrorRow) {
        #expect(problems(row.text) == row.expected)
    }

    @Test("defaults and explicit values")
    func values() throws {
        let config = try ConfigLoader.load(text: """
            Events:
              Webhooks:
                - Url: http://127.0.0.1:9000/hook
                - {Url: "https://[::1]:9443/a?b=c", Events: [health], MaxAttempts: 2, TimeoutSeconds: 0.5, QueueSize: 10}
            """, fileName: "test.yaml", baseDirectory: "/nonexistent")
        #expect(config.events.webhooks == [
            WebhookSettings(url: URL(string: "http://127.0.0.1:9000/hook")!),
            WebhookSettings(url: URL(string: "https://[::1]:9443/a?b=c")!, events: ["health"], maxAttempts: 2,
                            timeoutSeconds: 0.5, queueSize: 10),
        ])
        #expect(config.events.webhooks[0].maxAttempts == 5 && config.events.webhooks[0].timeoutSeconds == 5)
        #expect(try ConfigLoader.load(text: "Server: {Seed: 1}\n", fileName: "t", baseDirectory: "/").events.webhooks.isEmpty)
    }

    @Test("the README's Events snippet loads (architecture pattern 6)")
    func readmeSnippet() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Health events"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let config = try ConfigLoader.load(text: String(text[start.upperBound..<end.lowerBound]), fileName: "README.md",
                                           baseDirectory: "/etc/lab53")
        #expect(config.events.webhooks == [WebhookSettings(url: URL(string: "http://127.0.0.1:9000/hook")!, events: ["health"],
                                                           maxAttempts: 5, timeoutSeconds: 5, queueSize: 1000)])
    }
}
