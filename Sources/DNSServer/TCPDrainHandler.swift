import NIOCore

/// Graceful shutdown of one DNS TCP connection (issue 5 item 2, RFC 7766 §6.2.3 lets a server
/// close connections): on `TCPDrainRequest` the connection closes as soon as every query that has
/// started to arrive is answered and the answers are written — after one more pass of the event
/// loop when it sits between frames, after the rest of a half-received query otherwise. `limit`
/// (the idle timeout) bounds the wait for a client that stalls mid-query, so shutdown always ends.
/// First in the pipeline: it sees the raw bytes, before the frame decoder.
///
/// The extra pass matters: the drain request runs as a task, and bytes of a pipelined query that
/// reached the socket after the loop last polled it are not read yet. Closing then discarded
/// them, and the kernel answered the client with a reset instead of its answer (seen as
/// ECONNRESET in GracefulShutdownTests under load). A task queued now runs after the loop polls
/// the socket again (without blocking), so those bytes are read first; if any arrive, the close
/// waits for the next boundary as usual.
final class TCPDrainHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let limit: TimeAmount
    private var boundary = TCPFrameBoundary()
    private var draining = false
    private var closing = false
    private var backstop: Scheduled<Void>?
    /// Reads seen so far, and whether a close check waits for the loop's next pass.
    private var reads = 0
    private var checkQueued = false

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { boundary.consume($0) }
        reads += 1
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
        guard boundary.isAtBoundary, !closing, !checkQueued else { return }
        checkQueued = true
        let readsBefore = reads
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let (handler, context) = bound.value
            handler.checkQueued = false
            // Something was read during the pass: close at its boundary (or check again now).
            guard handler.reads == readsBefore else {
                handler.closeIfBetweenFrames(context: context)
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

/// The user event `DNSServer.stop()` sends down every open DNS TCP connection.
struct TCPDrainRequest: Sendable {}
