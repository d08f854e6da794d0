import DNSClient
@testable import DNSServer
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

/// `TCPDrainHandler` on real loopback connections (issue 5 item 2). `kernelReceivedBytes` counts
/// bytes the server has not read (the server never reads in that test: `autoRead` off), which is
/// what tells a drained connection that a query still waits in its socket; and a drain request
/// that runs before the loop has read such a query answers it instead of resetting the client.
@Suite("TCP drain on real sockets")
struct TCPDrainSocketTests {
    /// A listener on 127.0.0.1:0 whose accepted channel (never read) is handed back.
    static func listen(_ accepted: EventLoopPromise<any Channel>) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                accepted.succeed(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    /// Polls (bounded) until the count reaches `expected`; the count it saw last.
    static func count(of channel: any Channel, reaching expected: UInt64) async throws -> UInt64? {
        var seen: UInt64?
        for _ in 0..<1000 {
            seen = try await TCPDrainHandler.kernelReceivedBytes(of: channel).get()
            if seen == expected { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        return seen
    }

    @Test func countsBytesNobodyHasRead() async throws {
        let accepted = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: (any Channel).self)
        let listener = try await Self.listen(accepted)
        let port = try #require(listener.localAddress?.port)
        let client = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: UInt16(port)), timeout: .seconds(10))
        let server = try await accepted.futureResult.get()
        #expect(try await TCPDrainHandler.kernelReceivedBytes(of: server).get() == 0)
        try client.sendUnframed(Array(repeating: 7, count: 17))
        #expect(try await Self.count(of: server, reaching: 17) == 17)
        try client.sendUnframed([1, 2, 3])
        #expect(try await Self.count(of: server, reaching: 20) == 20)
        try await server.close()
        try await listener.close()
    }

    /// The race seen under load, made deterministic: the loop is held in a task while the client
    /// sends half a query, and the drain request queues up behind that task. SwiftNIO runs it in
    /// the same tick, before polling the socket, so the handler has read nothing yet.
    @Test func drainBeforeTheLoopReadsAQueryAnswersIt() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let accepted = group.next().makePromise(of: (any Channel).self)
        let listener = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        TCPDrainHandler(limit: .seconds(30)), ByteToMessageHandler(TCPFrameDecoder()),
                        TCPDrainHandlerTests.EchoFirstByte(),
                    ])
                    accepted.succeed(channel)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(listener.localAddress?.port)
        let client = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: UInt16(port)), timeout: .seconds(30))
        let server = try await accepted.futureResult.get()
        let hold = try #require(EventLoopHold.start(on: group.next()))
        try client.sendUnframed([0, 1])
        server.pipeline.fireUserInboundEventTriggered(TCPDrainRequest())
        hold.release()
        try client.sendUnframed([9])
        #expect(try client.receive() == [9], "the query begun before the drain was not answered")
        #expect(try client.waitForServerClose(timeout: .seconds(30)))
        try await listener.close()
        try await group.shutdownGracefully()
    }

    @Test func noCountWithoutASocket() throws {
        let channel = EmbeddedChannel()
        #expect(try TCPDrainHandler.kernelReceivedBytes(of: channel).wait() == nil)
    }
}
