@testable import DNSServer
import NIOCore
import NIOEmbedded
import Testing

/// `TCPDrainHandler` on an EmbeddedChannel (issue 5 item 2): after `TCPDrainRequest` a connection
/// closes at once between frames, only after answering a half-received query otherwise, and at the
/// latest after `limit` — on the embedded loop's manual clock, so no test waits for real time.
@Suite("TCP drain on shutdown")
struct TCPDrainHandlerTests {
    /// Answers each frame with its first message byte, framed like a DNS reply.
    final class EchoFirstByte: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            var reply = context.channel.allocator.buffer(capacity: 3)
            reply.writeBytes([0, 1, frame.getInteger(at: frame.readerIndex, as: UInt8.self) ?? 0])
            context.write(wrapOutboundOut(reply), promise: nil)
        }
        func channelReadComplete(context: ChannelHandlerContext) {
            context.flush()
        }
    }

    static let limit = TimeAmount.seconds(10)

    static func connection() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            TCPDrainHandler(limit: limit), ByteToMessageHandler(TCPFrameDecoder()), EchoFirstByte(),
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 53)).wait()
        return channel
    }

    static func send(_ channel: EmbeddedChannel, _ bytes: [UInt8]) throws {
        try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.run()
    }

    static func drain(_ channel: EmbeddedChannel) {
        channel.pipeline.fireUserInboundEventTriggered(TCPDrainRequest())
        channel.embeddedEventLoop.run()
    }

    /// The non-empty replies written so far, as their message bytes.
    static func replies(_ channel: EmbeddedChannel) throws -> [[UInt8]] {
        var replies: [[UInt8]] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            if buffer.readableBytes > 0 { replies.append(Array(buffer.readableBytesView.dropFirst(2))) }
        }
        return replies
    }

    @Test func idleConnectionClosesAtOnce() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0, 1, 42])
        #expect(try Self.replies(channel) == [[42]])
        Self.drain(channel)
        #expect(!channel.isActive)
    }

    @Test func halfReceivedQueryIsAnsweredThenClosed() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0, 1, 7, 0, 3, 9])
        #expect(try Self.replies(channel) == [[7]])
        Self.drain(channel)
        #expect(channel.isActive, "closed with a query half received")
        try Self.send(channel, [8])
        #expect(channel.isActive, "closed with a query half received")
        try Self.send(channel, [8])
        #expect(try Self.replies(channel) == [[9]])
        #expect(!channel.isActive)
    }

    /// A read that completes the half-received query and begins another: the connection is not
    /// between frames yet, so the second query is answered too before the close (the limit bounds
    /// a client that keeps this up).
    @Test func aQueryBegunInTheSameReadIsAnsweredToo() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0, 2])
        Self.drain(channel)
        try Self.send(channel, [5, 5, 0, 1])
        #expect(try Self.replies(channel) == [[5]])
        #expect(channel.isActive)
        try Self.send(channel, [6])
        #expect(try Self.replies(channel) == [[6]])
        #expect(!channel.isActive)
    }

    /// A pipelined query whose bytes reach the socket just after the drain request, before the
    /// loop polls again: it is read and answered, then the connection closes (closing at once
    /// discarded it and reset the connection).
    @Test func queryArrivingBeforeTheNextPollIsAnswered() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0, 1, 2])
        #expect(try Self.replies(channel) == [[2]])
        channel.pipeline.fireUserInboundEventTriggered(TCPDrainRequest())
        #expect(channel.isActive, "closed before the loop looked at the socket again")
        try Self.send(channel, [0, 1, 3])
        #expect(try Self.replies(channel) == [[3]])
        #expect(!channel.isActive)
    }

    @Test func stalledQueryIsCutAtTheLimit() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0])
        Self.drain(channel)
        channel.embeddedEventLoop.advanceTime(by: Self.limit - .nanoseconds(1))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
        #expect(!channel.isActive)
    }

    @Test func withoutADrainNothingCloses() throws {
        let channel = try Self.connection()
        try Self.send(channel, [0, 1, 1])
        channel.embeddedEventLoop.advanceTime(by: Self.limit * 2)
        #expect(channel.isActive)
        _ = try channel.finish()
    }
}
