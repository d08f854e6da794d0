import AnswerEngine
import NIOCore

/// Answers each datagram from the current snapshot (read once per query) and writes the reply
/// back to the sender. Replies are flushed once per read batch (vector reads), not per packet.
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let store: SnapshotStore
    private let counters: ServerCounters
    private var pendingFlush = false

    init(store: SnapshotStore, counters: ServerCounters) {
        self.store = store
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let snapshot = store.current
        let reply = envelope.data.withUnsafeReadableBytes { bytes in
            Responder.respond(to: bytes, transport: .udp, snapshot: snapshot)
        }
        guard let reply else {
            counters.dropped.add(1)
            return
        }
        counters.answeredUDP.add(1)
        var buffer = context.channel.allocator.buffer(capacity: reply.count)
        buffer.writeBytes(reply)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
        pendingFlush = true
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if pendingFlush {
            pendingFlush = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable from a client that went away surfaces here; keep serving.
        counters.socketErrors.add(1)
    }
}
