import NIOCore
import NIOSSL
import NIOTLS

/// What one connection attempt produced. `tlsHandshakeFailed` marks a handshake the peer
/// rejected, which the prober retries once without SNI (HC-03).
struct HTTPProbeAttempt: Sendable {
    var result: ProbeResult
    var tlsHandshakeFailed = false
}

/// Drives one HTTP(S) probe on its channel: sends the request once connected (after the TLS
/// handshake for HTTPS), parses the response as it arrives and completes `promise` exactly once —
/// on the verdict, on any error, on close, or when a stage deadline fires (HC-01):
///
/// - TLS handshake and the complete response head: `firstByteTimeout` after connect
///   (Route 53: the status must arrive ≤ 2 s after connect);
/// - string-match body: `bodyTimeout` after the head.
///
/// Completing closes the channel, so a slow or hostile peer costs nothing after its deadline.
/// Timings use the monotonic clock: connect time from connect start, TLS handshake time from
/// connect, time to first byte from connect (the same origin as the first-byte deadline).
final class HTTPProbeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Stage {
        case connecting, handshaking, awaitingFirstByte, readingHead, readingBody, finished
    }

    private let target: ProbeTarget
    private let request: [UInt8]
    private let usesTLS: Bool
    private let started: ContinuousClock.Instant
    private let promise: EventLoopPromise<HTTPProbeAttempt>
    private var stage = Stage.connecting
    private var parser: HTTPResponseParser
    private var search: BodySearch?
    private var head: HTTPResponseHead?
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var connectedAt: ContinuousClock.Instant?
    private var connectTime: Duration?
    private var tlsHandshakeTime: Duration?
    private var timeToFirstByte: Duration?

    init(target: ProbeTarget, request: [UInt8], searchString: String?, usesTLS: Bool, started: ContinuousClock.Instant,
         promise: EventLoopPromise<HTTPProbeAttempt>) {
        self.target = target
        self.request = request
        self.usesTLS = usesTLS
        self.started = started
        self.promise = promise
        parser = HTTPResponseParser(wantsBody: searchString != nil)
        search = searchString.map(BodySearch.init(searchString:))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let now = ContinuousClock.now
        connectedAt = now
        connectTime = now - started
        stage = usesTLS ? .handshaking : .awaitingFirstByte
        arm(after: target.firstByteTimeout)
        if !usesTLS { sendRequest(context: context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent, stage == .handshaking {
            tlsHandshakeTime = elapsedSinceConnect()
            stage = .awaitingFirstByte
            sendRequest(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard stage != .finished else { return }
        var buffer = Self.unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if stage == .awaitingFirstByte {
            timeToFirstByte = elapsedSinceConnect()
            stage = .readingHead
        }
        do {
            handle(try parser.feed(bytes))
        } catch {
            fail(parsing: error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closedByPeer()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failed(error)
    }

    // MARK: - Verdicts

    private func handle(_ events: [HTTPResponseParser.Event]) {
        for event in events where stage != .finished {
            switch event {
            case .head(let head):
                received(head)
            case .body(let bytes):
                guard var current = search else { continue }
                let outcome = current.append(bytes)
                search = current
                switch outcome {
                case .found: finish(success: true, status: statusLine())
                case .exhausted: finish(success: false, status: searchFailure())
                case .needMore: break
                }
            case .end:
                finish(success: false, status: searchFailure())
            }
        }
    }

    private func received(_ head: HTTPResponseHead) {
        self.head = head
        let healthy = ProberStatus.isSuccessfulStatus(head.statusCode)
        guard healthy, search != nil else {
            finish(success: healthy, status: statusLine())
            return
        }
        // HC-01: the body must arrive within the body timeout after the status.
        stage = .readingBody
        arm(after: target.bodyTimeout)
    }

    private func statusLine() -> String {
        ProberStatus.statusLine(of: head)
    }

    private func searchFailure() -> String {
        ProberStatus.searchFailure(head: head, target: target)
    }

    private func fail(parsing error: HTTPResponseParser.Failure) {
        guard let status = ProberStatus.parseFailure(error) else { return closedByPeer() }
        finish(success: false, status: status)
    }

    /// End of stream: what it means depends on how far the response got.
    private func closedByPeer() {
        switch stage {
        case .finished:
            return
        case .connecting, .handshaking:
            finish(success: false, status: ProberStatus.tlsHandshakeFailed(ProberErrors.closedDuringHandshake),
                   tlsHandshakeFailed: usesTLS)
        case .awaitingFirstByte:
            finish(success: false, status: ProberStatus.connectionClosedBeforeResponse)
        case .readingHead:
            finish(success: false, status: ProberStatus.connectionClosedDuringHeaders)
        case .readingBody:
            if let events = try? parser.finish() { handle(events) }
            finish(success: false, status: searchFailure())
        }
    }

    private func failed(_ error: any Error) {
        switch stage {
        case .finished:
            return
        case .handshaking:
            finish(success: false, status: ProberStatus.tlsHandshakeFailed(ProberErrors.tlsReason(error)), tlsHandshakeFailed: true)
        default:
            if let sslError = error as? NIOSSLError, sslError == .uncleanShutdown {
                // A TLS peer that closes without close_notify: treat as the end of the stream.
                closedByPeer()
            } else if let channelError = error as? ChannelError, channelError == .ioOnClosedChannel || channelError == .eof {
                closedByPeer()
            } else {
                finish(success: false, status: ProberErrors.connectStatus(error))
            }
        }
    }

    private func deadlineExpired() {
        switch stage {
        case .finished: return
        case .connecting: finish(success: false, status: ProberStatus.connectionTimedOut)
        case .handshaking: finish(success: false, status: ProberStatus.tlsHandshakeTimedOut)
        case .awaitingFirstByte: finish(success: false, status: ProberStatus.responseTimedOut)
        case .readingHead: finish(success: false, status: ProberStatus.responseHeadersTimedOut)
        case .readingBody: finish(success: false, status: ProberStatus.responseBodyTimedOut)
        }
    }

    /// Completes the probe once and closes the connection: reading stops here, whatever the
    /// peer still sends (HC-01: a string-match read never goes past 5120 bytes).
    private func finish(success: Bool, status: String, tlsHandshakeFailed: Bool = false) {
        guard stage != .finished else { return }
        stage = .finished
        deadline?.cancel()
        deadline = nil
        let result = ProbeResult(success: success, status: ProberStatus.withResolvedIP(status, for: target), connectTime: connectTime,
                                 tlsHandshakeTime: tlsHandshakeTime, timeToFirstByte: timeToFirstByte)
        promise.succeed(HTTPProbeAttempt(result: result, tlsHandshakeFailed: tlsHandshakeFailed))
        context?.close(promise: nil)
    }

    // MARK: - Plumbing

    private func sendRequest(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: request.count)
        buffer.writeBytes(request)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenFailure { [self] error in failed(error) }
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: written)
    }

    private func arm(after timeout: Duration) {
        deadline?.cancel()
        guard let context else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: ProberTiming.timeAmount(timeout)) { [self] in
            deadlineExpired()
        }
    }

    private func elapsedSinceConnect() -> Duration? {
        connectedAt.map { ContinuousClock.now - $0 }
    }
}
