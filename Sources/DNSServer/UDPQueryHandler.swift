import AnswerEngine
import NIOCore

/// Answers each datagram from the current serving state (zones + health, read once per query) for
/// the sender's address (client-aware routing, DNS-09) and writes the reply back to the sender.
/// Replies are flushed once per read batch (vector reads), not per packet.
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let store: SnapshotStore
    private let counters: ServerCounters
    /// Where answered queries are logged (DNS-13); nil when the query log is off.
    private let queryLog: QueryLogRing?
    private var pendingFlush = false

    init(store: SnapshotStore, counters: ServerCounters, queryLog: QueryLogRing? = nil) {
        self.store = store
        self.counters = counters
        self.queryLog = queryLog
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let state = store.current
        let client = ClientAddress(envelope.remoteAddress)
        var outcome = QueryOutcome()
        let reply = envelope.data.withUnsafeReadableBytes { bytes in
            Responder.respond(to: bytes, transport: .udp, client: client, state: state, outcome: &outcome)
        }
        guard let reply else {
            counters.dropped.add(1)
            return
        }
        counters.answeredUDP.add(1)
        // Issue 5 items 3 and 4: atomics and a ring slot, no formatting here.
        state.snapshot.count(outcome, transport: .udp)
        if let queryLog, outcome.kind == .query {
            queryLog.append(outcome, transport: .udp, client: client, zoneID: state.snapshot.zoneID(at: outcome.zone))
        }
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

extension ClientAddress {
    /// The peer of a socket as a routing client: IPv4, or IPv6 (IPv4-mapped folded to IPv4);
    /// nil for Unix sockets. Reads the address NIO already holds: no allocation.
    init?(_ address: SocketAddress?) {
        switch address {
        case .v4(let ipv4):
            self.init(ipv4: UInt32(bigEndian: ipv4.address.sin_addr.s_addr))
        case .v6(let ipv6):
            var raw = ipv6.address.sin6_addr
            guard let made = withUnsafeBytes(of: &raw, { ClientAddress(bytes: $0) }) else { return nil }
            self = made
        case .unixDomainSocket, .none:
            return nil
        }
    }
}
