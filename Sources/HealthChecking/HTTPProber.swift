import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Probes HTTP, HTTPS, HTTP_STR_MATCH and HTTPS_STR_MATCH targets (HC-01, HC-03) with SwiftNIO
/// and NIOSSL directly — not AsyncHTTPClient — because only a direct bootstrap exposes connect,
/// TLS handshake and first-byte times and lets a body read stop at 5120 bytes (architecture.md).
///
/// One probe: connect within `connectTimeout`; for HTTPS a TLS handshake with certificates not
/// validated and SNI = `serverName` (retried once without SNI if the peer rejects the handshake,
/// HC-03); `GET <path> HTTP/1.1` with Route 53's Host and User-Agent headers; the response head
/// (≤ 16,384 bytes, RFC 7230-conformant) within `firstByteTimeout` after connect; healthy on
/// 200–399 (redirects not followed). String-match kinds then read the body — chunked framing
/// decoded — until the string is found, 5120 bytes have been read, the body ends, or
/// `bodyTimeout` after the head passes. Any error or deadline closes the connection and yields
/// a failure with an HC-13 status string (see `ProberStatus`); `probe` never throws.
///
/// A `.tcp` target is delegated to `TCPProber`, so the monitor may use one prober for all kinds.
public struct HTTPProber: Prober {
    /// The product token of every probe's User-Agent (HC-03 [O]).
    public static let userAgentProduct = "Amazon-Route53-Health-Check-Service"

    private let group: any EventLoopGroup

    /// - Parameter group: the event loops the probes' sockets run on; one group shared by all
    ///   probers (probes are non-blocking, so two threads serve hundreds of checks).
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func probe(_ target: ProbeTarget) async -> ProbeResult {
        guard case .http(let tls, let searchString) = target.kind else {
            return await TCPProber(group: group).probe(target)
        }
        let serverName = tls ? TLSProbeContext.serverName(target.serverName) : nil
        let first = await attempt(target, tls: tls, searchString: searchString, serverName: serverName)
        guard first.tlsHandshakeFailed, serverName != nil, !Task.isCancelled else { return first.result }
        // HC-03: a checker whose SNI handshake is rejected retries once without SNI.
        return await attempt(target, tls: tls, searchString: searchString, serverName: nil).result
    }

    /// One connection: resolves to the handler's verdict, a connect failure, the watchdog, or
    /// cancellation — whichever comes first; completing closes the channel.
    private func attempt(_ target: ProbeTarget, tls: Bool, searchString: String?, serverName: String?) async -> HTTPProbeAttempt {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: Self.bareAddress(target.address), port: target.port)
        } catch {
            return Self.failure(ProberStatus.invalidAddress(target.address), target)
        }
        let sslContext: NIOSSLContext?
        switch (tls, TLSProbeContext.shared) {
        case (false, _): sslContext = nil
        case (true, .success(let context)): sslContext = context
        case (true, .failure(let error)): return Self.failure(ProberStatus.tlsHandshakeFailed("TLS unavailable: \(error)"), target)
        }
        let loop = group.next()
        let promise = loop.makePromise(of: HTTPProbeAttempt.self)
        let started = ContinuousClock.now
        let request = Self.request(for: target)
        // A safety net only: every stage already has its own deadline in the handler.
        let watchdogDelay = target.connectTimeout + target.firstByteTimeout + target.bodyTimeout + .seconds(1)
        let watchdog = loop.scheduleTask(in: ProberTiming.timeAmount(watchdogDelay)) {
            promise.succeed(Self.failure(ProberStatus.deadlineExceeded, target))
        }
        promise.futureResult.whenComplete { _ in watchdog.cancel() }
        ClientBootstrap(group: loop)
            .connectTimeout(ProberTiming.timeAmount(target.connectTimeout))
            .channelInitializer { channel in
                promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                return channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let sslContext {
                        try operations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    try operations.addHandler(HTTPProbeHandler(target: target, request: request, searchString: searchString,
                                                               usesTLS: tls, started: started, promise: promise))
                }
            }
            .connect(to: address)
            .whenFailure { error in
                promise.succeed(Self.failure(ProberErrors.connectStatus(error), target))
            }
        return await withTaskCancellationHandler {
            (try? await promise.futureResult.get()) ?? Self.failure(ProberStatus.cancelled, target)
        } onCancel: {
            promise.succeed(Self.failure(ProberStatus.cancelled, target))
        }
    }

    private static func failure(_ status: String, _ target: ProbeTarget) -> HTTPProbeAttempt {
        HTTPProbeAttempt(result: ProbeResult(success: false, status: ProberStatus.withResolvedIP(status, for: target)))
    }

    /// The request every probe sends (HC-03): `GET`, the Host header the target carries, Route 53's
    /// User-Agent with a fresh reference, and `Connection: close` (one request per connection).
    static func request(for target: ProbeTarget, reference: UUID = UUID()) -> [UInt8] {
        // CR and LF are dropped so a configured path or host can never inject header lines.
        let clean = { (text: String) in text.filter { $0 != "\r" && $0 != "\n" } }
        var path = clean(target.path)
        if !path.hasPrefix("/") { path = "/" + path }
        let text = "GET \(path) HTTP/1.1\r\n"
            + "Host: \(clean(target.hostHeader))\r\n"
            + "User-Agent: \(userAgentProduct) (ref \(reference.uuidString.lowercased()); report http://amzn.to/1vsZADi)\r\n"
            + "Accept: */*\r\n"
            + "Connection: close\r\n"
            + "\r\n"
        return Array(text.utf8)
    }

    /// The address without the brackets an IPv6 literal may be written with (`[::1]`).
    static func bareAddress(_ address: String) -> String {
        if address.hasPrefix("["), address.hasSuffix("]") { return String(address.dropFirst().dropLast()) }
        return address
    }
}
