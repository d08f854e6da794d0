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
/// Plain HTTP probes (HTTP, HTTP_STR_MATCH) run the same rules on raw non-blocking sockets in
/// `RawProbeLoop` (`HTTPProbeSession`): at 10,000 probes a second NIO's per-connection machinery
/// cost more CPU than the probes themselves (issue 6, "scale"). HTTPS stays on NIO and NIOSSL.
///
/// A `.tcp` target is delegated to `TCPProber`, so the monitor may use one prober for all kinds.
public struct HTTPProber: CallbackProber {
    /// The product token of every probe's User-Agent (HC-03 [O]).
    public static let userAgentProduct = "Amazon-Route53-Health-Check-Service"

    let group: any EventLoopGroup

    /// - Parameter group: the event loops the probes' sockets run on; one group shared by all
    ///   probers (probes are non-blocking, so two threads serve hundreds of checks).
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func probe(_ target: ProbeTarget) async -> ProbeResult {
        guard case .http(let tls, let searchString) = target.kind else {
            return await TCPProber(group: group).probe(target)
        }
        // Plain HTTP: raw non-blocking sockets on one epoll thread (issue 6; `RawProbeLoop`).
        if !tls { return await probeRaw(target) }
        let serverName = tls ? TLSProbeContext.serverName(target.serverName) : nil
        let first = await attempt(target, tls: tls, searchString: searchString, serverName: serverName)
        guard first.tlsHandshakeFailed, serverName != nil, !Task.isCancelled else { return first.result }
        // HC-03: a checker whose SNI handshake is rejected retries once without SNI.
        return await attempt(target, tls: tls, searchString: searchString, serverName: nil).result
    }

    /// One connection, awaited: the handler's verdict, a connect failure, the watchdog, or
    /// cancellation — whichever comes first.
    private func attempt(_ target: ProbeTarget, tls: Bool, searchString: String?, serverName: String?) async -> HTTPProbeAttempt {
        let promise = launch(target, tls: tls, searchString: searchString, serverName: serverName)
        return await withTaskCancellationHandler {
            (try? await promise.futureResult.get()) ?? Self.failure(ProberStatus.cancelled, target)
        } onCancel: {
            promise.succeed(Self.failure(ProberStatus.cancelled, target))
        }
    }

    /// Starts one connection and returns the promise of its verdict: completed by the handler, a
    /// connect failure or the watchdog — whichever comes first (later completions are ignored);
    /// completing it closes the channel, so succeeding it with `cancelled` cancels the probe.
    func launch(_ target: ProbeTarget, tls: Bool, searchString: String?, serverName: String?) -> EventLoopPromise<HTTPProbeAttempt> {
        let loop = group.next()
        let promise = loop.makePromise(of: HTTPProbeAttempt.self)
        if loop.inEventLoop {
            connect(target, tls: tls, searchString: searchString, serverName: serverName, promise: promise, on: loop)
        } else {
            loop.execute { connect(target, tls: tls, searchString: searchString, serverName: serverName, promise: promise, on: loop) }
        }
        return promise
    }

    /// `launch` for many probes without an SNI retry at once, each reporting to its completion:
    /// one hop to one event loop for the whole batch, where timers, the connect and the future's
    /// callbacks are local, instead of several cross-thread submissions (and loop wake-ups) per
    /// probe (issue 6). Returns the promises, to cancel with.
    func launch(batch: [ProbeRequest]) -> [EventLoopPromise<HTTPProbeAttempt>] {
        let loop = group.next()
        let promises = batch.map { _ in loop.makePromise(of: HTTPProbeAttempt.self) }
        loop.execute {
            for (request, promise) in zip(batch, promises) {
                let target = request.target
                let cancelled = Self.failure(ProberStatus.cancelled, target)
                promise.futureResult.whenComplete { request.completion(((try? $0.get()) ?? cancelled).result) }
                guard case .http(let tls, let searchString) = target.kind else {
                    promise.succeed(Self.failure(ProberStatus.invalidResponse("not an HTTP target"), target))
                    continue
                }
                connect(target, tls: tls, searchString: searchString, serverName: nil, promise: promise, on: loop)
            }
        }
        return promises
    }

    /// The connection itself, on `loop`: timers and the connect are then local to the loop.
    private func connect(_ target: ProbeTarget, tls: Bool, searchString: String?, serverName: String?,
                         promise: EventLoopPromise<HTTPProbeAttempt>, on loop: any EventLoop) {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: Self.bareAddress(target.address), port: target.port)
        } catch {
            promise.succeed(Self.failure(ProberStatus.invalidAddress(target.address), target))
            return
        }
        let sslContext: NIOSSLContext?
        switch (tls, TLSProbeContext.shared) {
        case (false, _): sslContext = nil
        case (true, .success(let context)): sslContext = context
        case (true, .failure(let error)):
            promise.succeed(Self.failure(ProberStatus.tlsHandshakeFailed("TLS unavailable: \(error)"), target))
            return
        }
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
    }

    static func failure(_ status: String, _ target: ProbeTarget) -> HTTPProbeAttempt {
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
