import AnswerEngine
import DNSClient
@testable import DNSServer
import DNSWire
import Logging
import NIOPosix
import Testing

/// `DNSServer.stop()` on real loopback sockets (issue 5 item 2): a connection whose handshake the
/// kernel completed before the stop, but which the server had not accepted yet, is accepted and
/// its query answered before the close — closing the listener with it still queued reset it.
@Suite("DNS server stop")
struct DNSServerStopTests {
    @Test func queuedConnectionIsAcceptedAndAnswered() async throws {
        // One event loop, held busy while the client connects: its connection stays in the
        // listener's accept queue, and the stop's first step queues up behind the busy task.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let store = SnapshotStore(CacheFixture.state().snapshot)
        let server = DNSServer(group: group, store: store, logger: Logger(label: "test"))
        let bound = try await server.start(endpoints: [ListenAddress(host: "127.0.0.1", port: 0)])
        let tcp = try #require(bound.first { $0.transport == .tcp })
        // Connect only once the loop is inside the task: a loop that wakes up to a connection
        // accepts it before it runs tasks.
        let hold = try #require(EventLoopHold.start(on: group.next()))
        let connection = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: UInt16(tcp.endpoint.port)),
                                           timeout: .seconds(30))
        try connection.send(Message.queryBytes(id: 7, name: CacheFixture.name("www.cache.test."), type: .a))
        let stopped = Task { await server.stop() }
        // Let the stop reach the loop's task queue (its UDP half stops first, off the loop).
        try await Task.sleep(for: .milliseconds(200))
        hold.release()
        let reply = try Message(bytes: try #require(try connection.receive(), "no answer: the queued connection was dropped"))
        #expect(reply.id == 7 && reply.answers.map(\.rdata) == [[192, 0, 2, 1]])
        #expect(try connection.waitForServerClose(timeout: .seconds(30)))
        await stopped.value
        try await group.shutdownGracefully()
    }
}
