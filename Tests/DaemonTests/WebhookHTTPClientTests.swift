import ControlPlane
import Foundation
import Testing
import TestSupport

/// The NIO webhook client against loopback receivers: what counts as delivered, what is worth
/// a retry, and that every way of failing comes back as a classified result (never a throw or
/// a hang).
@Suite("Webhook HTTP client")
struct WebhookHTTPClientTests {
    static let body = Array(#"{"EventId":1}"#.utf8)

    static func failure(_ outcome: Result<Void, WebhookQueue.Failure>) -> WebhookQueue.Failure? {
        if case .failure(let failure) = outcome { failure } else { nil }
    }

    @Test("2xx delivers the exact body and headers; 503 is retryable; 404 is not")
    func statuses() async throws {
        let receiver = try await FakeWebhookReceiver.started(script: [204, 503, 404])
        let client = WebhookHTTPClient()
        let url = try #require(URL(string: receiver.url + "?token=x"))
        let outcomes = [
            await client.post(url: url, body: Self.body, headers: [("X-Test", "1")], timeout: .seconds(10)),
            await client.post(url: url, body: Self.body, headers: [], timeout: .seconds(10)),
            await client.post(url: url, body: Self.body, headers: [], timeout: .seconds(10)),
        ]
        #expect((try? outcomes[0].get()) != nil)
        #expect(Self.failure(outcomes[1]) == WebhookQueue.Failure("HTTP 503", retryable: true))
        #expect(Self.failure(outcomes[2]) == WebhookQueue.Failure("HTTP 404", retryable: false))
        let first = try #require(receiver.received.first)
        #expect(first.method == "POST" && first.uri == "/hook?token=x" && first.body == Self.body)
        #expect(first.header("Host") == "127.0.0.1:\(receiver.server.port)")
        #expect(first.header("Content-Type") == "application/json" && first.header("X-Test") == "1")
        #expect(first.header("User-Agent") == "lab53d")
    }

    @Test("a refused connection and a receiver that never answers are retryable failures")
    func networkFailures() async throws {
        let client = WebhookHTTPClient()
        // A port that was just released: nothing listens there.
        let closed = try await FakeWebhookReceiver.started()
        let port = closed.server.port
        await closed.stop()
        let refused = await client.post(url: URL(string: "http://127.0.0.1:\(port)/hook")!, body: Self.body, headers: [],
                                        timeout: .seconds(10))
        guard case .failure(let failure) = refused else { Issue.record("delivered to a closed port"); return }
        #expect(failure.retryable && failure.reason.hasPrefix("cannot connect to 127.0.0.1:\(port)"), "\(failure)")

        let silent = try await FakeHTTPTarget.started(FakeHTTPTarget.Behaviour(mode: .silent))
        let timedOut = await client.post(url: URL(string: "http://127.0.0.1:\(silent.server.port)/")!, body: Self.body,
                                         headers: [], timeout: .milliseconds(200))
        #expect(Self.failure(timedOut) == WebhookQueue.Failure("no response within 0.2 s"))
        await silent.stop()
    }
}
