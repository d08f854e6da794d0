import CTCPInfo
import NIOCore

/// Graceful shutdown of one DNS TCP connection (issue 5 item 2, RFC 7766 §6.2.3 lets a server
/// close connections): on `TCPDrainRequest` the connection closes as soon as every query that has
/// started to arrive is answered and the answers are written — once it sits between frames with
/// no byte left unread in the socket, after the rest of a half-received query otherwise. `limit`
/// (the idle timeout) bounds the wait for a client that stalls mid-query, so shutdown always ends.
/// First in the pipeline: it sees the raw bytes, before the frame decoder.
///
/// "No byte left unread" is asked of the kernel (`tcpi_bytes_received` against the bytes read
/// here): the drain request runs as an event-loop task, and a query whose bytes reached the socket
/// before it, but after the loop last polled the socket, is not read yet. Closing then discarded
/// those bytes, and the kernel answered the client with a reset instead of its answer
/// (ECONNRESET in GracefulShutdownTests under load). Queueing one more loop task did not help:
/// SwiftNIO runs tasks queued by a task in the same tick, before it polls again.
final class TCPDrainHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The bytes the kernel has received on `channel`, read or not; nil when it cannot tell (the
    /// handler then closes at the boundary, as if nothing were pending).
    typealias ReceivedBytes = (any Channel) -> EventLoopFuture<UInt64?>

    private let limit: TimeAmount
    private let receivedBytes: ReceivedBytes
    private var boundary = TCPFrameBoundary()
    private var draining = false
    private var closing = false
    private var backstop: Scheduled<Void>?
    /// Bytes read so far, and whether a close check waits for the kernel's count.
    private var consumed: UInt64 = 0
    private var checkPending = false

    init(limit: TimeAmount, receivedBytes: @escaping ReceivedBytes = TCPDrainHandler.kernelReceivedBytes) {
        self.limit = limit
        self.receivedBytes = receivedBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        bytes.withUnsafeReadableBytes { boundary.consume($0) }
        consumed += UInt64(bytes.readableBytes)
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // The query handler writes and flushes its answers on this event; close only after.
        context.fireChannelReadComplete()
        if draining { closeIfBetweenFrames(context: context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is TCPDrainRequest else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        guard !draining else { return }
        draining = true
        let channel = context.channel
        backstop = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
        closeIfBetweenFrames(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        backstop?.cancel()
        backstop = nil
        context.fireChannelInactive()
    }

    private func closeIfBetweenFrames(context: ChannelHandlerContext) {
        guard boundary.isAtBoundary, !closing, !checkPending else { return }
        checkPending = true
        let consumedBefore = consumed
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        receivedBytes(context.channel).whenComplete { result in
            let (handler, context) = bound.value
            handler.checkPending = false
            // Something was read meanwhile: decide again at its boundary.
            guard handler.consumed == consumedBefore else {
                handler.closeIfBetweenFrames(context: context)
                return
            }
            if case .success(let received?) = result, received > consumedBefore {
                // Bytes wait in the socket: read them; their channelReadComplete decides again.
                // (A client's FIN counts one here too; reading it closes the channel.)
                context.read()
                return
            }
            handler.close(context: context)
        }
    }

    private func close(context: ChannelHandlerContext) {
        guard boundary.isAtBoundary, !closing else { return }
        closing = true
        // An empty write completes only after every earlier write has gone out, so the answers
        // already written reach the client before the FIN.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}

extension TCPDrainHandler {
    /// `tcpi_bytes_received` from the kernel's TCP_INFO; nil for a channel that is not a socket
    /// (EmbeddedChannel) or a kernel without the field.
    static func kernelReceivedBytes(of channel: any Channel) -> EventLoopFuture<UInt64?> {
        guard let socket = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
        let info: EventLoopFuture<lab53_tcp_info> = socket.unsafeGetSocketOption(level: .tcp, name: .tcp_info)
        return info.map { info -> UInt64? in
            withUnsafePointer(to: info) { lab53_tcp_info_bytes_received($0) }
        }.recover { _ in nil }
    }
}

/// The user event `DNSServer.stop()` sends down every open DNS TCP connection.
struct TCPDrainRequest: Sendable {}
