import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends one webhook POST with SwiftNIO's HTTP/1.1 client pipeline (issue 5 item 5).
///
/// Why NIO and not URLSession (FoundationNetworking/libcurl): the daemon already runs on NIO
/// event loops and probes with NIO directly (architecture.md), so a webhook is one more channel
/// on the same loops with one deadline covering connect, TLS, request and response head —
/// no libcurl thread pool in the daemon, no second HTTP stack with its own timeout semantics,
/// and a failure reason we word ourselves. AsyncHTTPClient would do the same but is not a
/// dependency. HTTPS verifies certificates against the system roots (a webhook receiver is a
/// real service, unlike a health-check target whose certificate Route 53 ignores).
public struct WebhookHTTPClient: Sendable {
    private let group: any EventLoopGroup

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// POSTs `body` to `url`; success is any 2xx. Never throws: failures come back classified for
    /// `WebhookQueue` (408, 429, 5xx and network errors are retryable; other statuses are not).
    public func post(url: URL, body: [UInt8], headers: [(String, String)], timeout: Duration) async -> Result<Void, WebhookQueue.Failure> {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let rawHost = url.host else {
            return .failure(WebhookQueue.Failure("unsupported URL \(url.absoluteString)", retryable: false))
        }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let tls = scheme == "https"
        let port = url.port ?? (tls ? 443 : 80)
        let sslContext: NIOSSLContext?
        do {
            sslContext = tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        } catch {
            return .failure(WebhookQueue.Failure("TLS unavailable: \(error)", retryable: false))
        }
        let isAddress = (try? SocketAddress(ipAddress: host, port: port)) != nil
        let request = WebhookRequest(head: Self.head(url: url, host: host, port: port, tls: tls, bodyLength: body.count, headers: headers),
                                     body: body)
        let loop = group.next()
        let promise = loop.makePromise(of: Int.self)
        let deadline = loop.scheduleTask(in: Self.timeAmount(timeout)) {
            promise.fail(WebhookQueue.Failure("no response within \(Self.seconds(timeout)) s"))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        let connect = ClientBootstrap(group: loop)
            .connectTimeout(Self.timeAmount(timeout))
            .channelInitializer { channel in
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                return channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let sslContext {
                        try operations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: isAddress ? nil : host))
                    }
                    try operations.addHTTPClientHandlers()
                    try operations.addHandler(WebhookResponseHandler(request: request, promise: promise))
                }
            }
            .connect(host: host, port: port)
        connect.whenFailure { error in
            promise.fail(WebhookQueue.Failure("cannot connect to \(host):\(port): \(Self.describe(error))"))
        }
        do {
            let status = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
            }
            return Self.classify(status)
        } catch let failure as WebhookQueue.Failure {
            return .failure(failure)
        } catch {
            return .failure(WebhookQueue.Failure(Self.describe(error)))
        }
    }

    /// 2xx delivered; 408/429/5xx worth retrying; anything else (3xx not followed, 4xx) is not.
    static func classify(_ status: Int) -> Result<Void, WebhookQueue.Failure> {
        switch status {
        case 200..<300: .success(())
        case 408, 429, 500..<600: .failure(WebhookQueue.Failure("HTTP \(status)"))
        case 300..<400: .failure(WebhookQueue.Failure("HTTP \(status) (redirects are not followed)", retryable: false))
        default: .failure(WebhookQueue.Failure("HTTP \(status)", retryable: false))
        }
    }

    static func head(url: URL, host: String, port: Int, tls: Bool, bodyLength: Int, headers: [(String, String)]) -> HTTPRequestHead {
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let hostName = host.contains(":") ? "[\(host)]" : host
        let defaultPort = tls ? 443 : 80
        var fields = HTTPHeaders()
        fields.add(name: "Host", value: port == defaultPort ? hostName : "\(hostName):\(port)")
        fields.add(name: "User-Agent", value: "lab53d")
        fields.add(name: "Content-Type", value: "application/json")
        fields.add(name: "Content-Length", value: "\(bodyLength)")
        fields.add(name: "Connection", value: "close")
        for (name, value) in headers { fields.add(name: name, value: value) }
        return HTTPRequestHead(version: .http1_1, method: .POST, uri: target, headers: fields)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? WebhookQueue.Failure { return failure.reason }
        if let io = error as? IOError { return io.description }
        return "\(error)"
    }
}

/// The request a `WebhookResponseHandler` writes once connected.
struct WebhookRequest: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
}
