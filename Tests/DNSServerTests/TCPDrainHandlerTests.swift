@testable import DNSServer
import NIOCore
import NIOEmbedded
import Testing

/// `TCPDrainHandler` on an EmbeddedChannel (issue 5 item 2): after `TCPDrainRequest` a connection
/// closes at once between frames with nothing unread, only after answering a half-received or
/// still unread query otherwise, and at the latest after `limit` — on the embedded loop's manual
/// clock, so no test waits for real time. `Socket` stands in for the kernel's receive count
/// (`tcpi_bytes_received`); the real count is tested against a real socket in
/// TCPDrainSocketTests.
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

    /// One connection: the pipeline on an EmbeddedChannel, and the kernel's side of its socket —
    /// the bytes that have reached it, read or not — as the handler's receive count.
    final class Connection {
        let channel = EmbeddedChannel()
        var received: UInt64 = 0

        /// `kernelCount: false` gives the handler no count (not a socket, or Linux < 4.1).
        init(kernelCount: Bool = true) throws {
            let handler = kernelCount
                ? TCPDrainHandler(limit: limit) { [unowned self] channel in channel.eventLoop.makeSucceededFuture(self.received) }
                : TCPDrainHandler(limit: limit)
            try channel.pipeline.syncOperations.addHandlers([handler, ByteToMessageHandler(TCPFrameDecoder()), EchoFirstByte()])
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 53)).wait()
        }

        var isActive: Bool { channel.isActive }

        /// Bytes that reach the socket and are read at once.
        func send(_ bytes: [UInt8]) throws {
            arrive(bytes.count)
            try read(bytes)
        }

        /// Bytes that reach the socket; the loop has not read them yet.
        func arrive(_ count: Int) {
            received += UInt64(count)
        }

        /// The loop reading bytes that reached the socket earlier.
        func read(_ bytes: [UInt8]) throws {
            try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
            channel.pipeline.fireChannelReadComplete()
            channel.embeddedEventLoop.run()
        }

        func drain() {
            channel.pipeline.fireUserInboundEventTriggered(TCPDrainRequest())
            channel.embeddedEventLoop.run()
        }

        /// The non-empty replies written so far, as their message bytes.
        func replies() throws -> [[UInt8]] {
            var replies: [[UInt8]] = []
            while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
                if buffer.readableBytes > 0 { replies.append(Array(buffer.readableBytesView.dropFirst(2))) }
            }
            return replies
        }
    }

    @Test func idleConnectionClosesAtOnce() throws {
        let connection = try Connection()
        try connection.send([0, 1, 42])
        #expect(try connection.replies() == [[42]])
        connection.drain()
        #expect(!connection.isActive)
    }

    @Test func halfReceivedQueryIsAnsweredThenClosed() throws {
        let connection = try Connection()
        try connection.send([0, 1, 7, 0, 3, 9])
        #expect(try connection.replies() == [[7]])
        connection.drain()
        #expect(connection.isActive, "closed with a query half received")
        try connection.send([8])
        #expect(connection.isActive, "closed with a query half received")
        try connection.send([8])
        #expect(try connection.replies() == [[9]])
        #expect(!connection.isActive)
    }

    /// A read that completes the half-received query and begins another: the connection is not
    /// between frames yet, so the second query is answered too before the close (the limit bounds
    /// a client that keeps this up).
    @Test func aQueryBegunInTheSameReadIsAnsweredToo() throws {
        let connection = try Connection()
        try connection.send([0, 2])
        connection.drain()
        try connection.send([5, 5, 0, 1])
        #expect(try connection.replies() == [[5]])
        #expect(connection.isActive)
        try connection.send([6])
        #expect(try connection.replies() == [[6]])
        #expect(!connection.isActive)
    }

    /// A query whose bytes reached the socket before the drain request but were not read yet (the
    /// loop had not polled the socket since): it is read and answered, then the connection closes.
    /// Closing at once discarded it, and the client saw a reset instead of its answer.
    @Test func unreadQueryInTheSocketIsAnswered() throws {
        let connection = try Connection()
        try connection.send([0, 1, 2])
        #expect(try connection.replies() == [[2]])
        connection.arrive(3)
        connection.drain()
        #expect(connection.isActive, "closed with a query unread in the socket")
        try connection.read([0, 1, 3])
        #expect(try connection.replies() == [[3]])
        #expect(!connection.isActive)
    }

    /// Without a kernel count the boundary alone decides, as before the count existed.
    @Test func withoutAKernelCountTheBoundaryDecides() throws {
        let connection = try Connection(kernelCount: false)
        try connection.send([0, 1, 4])
        #expect(try connection.replies() == [[4]])
        connection.drain()
        #expect(!connection.isActive)
    }

    @Test func stalledQueryIsCutAtTheLimit() throws {
        let connection = try Connection()
        try connection.send([0])
        connection.drain()
        connection.channel.embeddedEventLoop.advanceTime(by: Self.limit - .nanoseconds(1))
        #expect(connection.isActive)
        connection.channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
        #expect(!connection.isActive)
    }

    @Test func withoutADrainNothingCloses() throws {
        let connection = try Connection()
        try connection.send([0, 1, 1])
        connection.channel.embeddedEventLoop.advanceTime(by: Self.limit * 2)
        #expect(connection.isActive)
        _ = try connection.channel.finish()
    }
}
