import AnswerEngine
import NIOCore

/// Answers framed queries on one TCP connection in order (several per connection, pipelining
/// allowed, RFC 7766 §6.2.1) and closes the connection when it has been idle too long.
final class TCPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let store: SnapshotStore
    private let counters: ServerCounters
    /// Where answered queries are logged (DNS-13); nil when the query log is off.
    private let queryLog: QueryLogRing?
    private var pendingFlush = false
    /// The peer's address, read once per connection (client-aware routing, DNS-09).
    private var client: ClientAddress?
    /// Counted in `tcpAccepted`/`tcpOpen` (issue 5 item 3), so the close is counted once too.
    private var counted = false

    init(store: SnapshotStore, counters: ServerCounters, queryLog: QueryLogRing? = nil) {
        self.store = store
        self.counters = counters
        self.queryLog = queryLog
    }

    func channelActive(context: ChannelHandlerContext) {
        client = ClientAddress(context.channel.remoteAddress)
        countOpen()
        context.fireChannelActive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Accepted channels are usually active before the pipeline is built.
        if context.channel.isActive {
            client = ClientAddress(context.channel.remoteAddress)
            countOpen()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            counted = false
            counters.tcpOpen.add(-1)
        }
        context.fireChannelInactive()
    }

    private func countOpen() {
        guard !counted else { return }
        counted = true
        counters.tcpAccepted.add(1)
        counters.tcpOpen.add(1)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let state = store.current
        let client = self.client
        var outcome = QueryOutcome()
        let reply = frame.withUnsafeReadableBytes { bytes in
            Responder.respond(to: bytes, transport: .tcp, client: client, state: state, outcome: &outcome)
        }
        guard let reply else {
            counters.dropped.add(1)
            return
        }
        counters.answeredTCP.add(1)
        // Issue 5 items 3 and 4: atomics and a ring slot, no formatting here.
        state.snapshot.count(outcome, transport: .tcp)
        if let queryLog, outcome.kind == .query {
            queryLog.append(outcome, transport: .tcp, client: client, zoneID: state.snapshot.zoneID(at: outcome.zone))
        }
        var buffer = context.channel.allocator.buffer(capacity: reply.count + 2)
        buffer.writeInteger(UInt16(reply.count))
        buffer.writeBytes(reply)
        context.write(wrapOutboundOut(buffer), promise: nil)
        pendingFlush = true
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if pendingFlush {
            pendingFlush = false
            context.flush()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // RFC 7766 §6.2.3: the server may close idle connections.
            counters.idleClosed.add(1)
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Framing errors or a reset peer: this connection ends, the server keeps running. Answers
        // to the well-formed queries that came before the bad frame in the same read are still
        // owed: flush them and close once the last write has gone out.
        counters.socketErrors.add(1)
        guard pendingFlush else {
            context.close(promise: nil)
            return
        }
        pendingFlush = false
        let closeAfterWrites = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: closeAfterWrites)
        let channel = context.channel
        closeAfterWrites.futureResult.whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
