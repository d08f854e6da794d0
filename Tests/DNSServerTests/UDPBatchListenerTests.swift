import AnswerEngine
import DNSClient
@testable import DNSServer
import DNSWire
import Logging
import NIOPosix
import Testing

/// The UDP batch listener on real loopback sockets (issue 6): it answers over IPv4 and IPv6,
/// serves a new state on the next query (the reply cache never outlives its state), and stops.
@Suite("UDP batch listener", .serialized)
struct UDPBatchListenerTests {
    static func start(_ store: SnapshotStore, hosts: [String] = ["127.0.0.1", "::1"],
                      options: DNSServer.Options = DNSServer.Options()) async throws -> (DNSServer, [BoundListener]) {
        let server = DNSServer(group: MultiThreadedEventLoopGroup.singleton, store: store, options: options,
                               logger: Logger(label: "test"))
        let bound = try await server.start(endpoints: hosts.map { ListenAddress(host: $0, port: 0) })
        return (server, bound)
    }

    static func client(_ listener: BoundListener) -> DNSStubClient {
        DNSStubClient(server: DNSServerAddress(host: listener.endpoint.host, port: UInt16(listener.endpoint.port)))
    }

    @Test("answers over IPv4 and IPv6, the same bytes as the responder (cache on and off)",
          arguments: [65536, 0])
    func answers(cacheEntries: Int) async throws {
        var options = DNSServer.Options()
        options.responseCacheEntries = cacheEntries
        let store = SnapshotStore(CacheFixture.state().snapshot)
        let (server, bound) = try await Self.start(store, options: options)
        defer { Task { await server.stop() } }
        for listener in bound where listener.transport == .udp {
            for id in [UInt16(1), 2, 3] {
                let query = Message.queryBytes(id: id, name: CacheFixture.name("WWW.cache.TEST."), type: .a,
                                               edns: EDNS(udpPayloadSize: 1232))
                let reply = try Self.client(listener).sendRaw(query)
                let expected = query.withUnsafeBytes { Responder.respond(to: $0, transport: .udp, snapshot: store.current.snapshot) }
                #expect(reply?.count == expected?.count)
                #expect(ResponseCacheTests.canonical(reply) != nil)
                #expect(ResponseCacheTests.canonical(reply) == ResponseCacheTests.canonical(expected))
            }
        }
        await server.stop()
    }

    @Test("a published state answers the next query, cached replies notwithstanding")
    func newStateIsServedAtOnce() async throws {
        let store = SnapshotStore(CacheFixture.state(wwwLast: 1).snapshot)
        let (server, bound) = try await Self.start(store, hosts: ["127.0.0.1"])
        let client = Self.client(try #require(bound.first { $0.transport == .udp }))
        let name = CacheFixture.name("www.cache.test.")
        for _ in 0..<3 {
            #expect(try client.query(name: name, type: .a).answers.map(\.rdata) == [[192, 0, 2, 1]])
        }
        store.publish(snapshot: CacheFixture.state(wwwLast: 9, generation: 2).snapshot)
        #expect(try client.query(name: name, type: .a).answers.map(\.rdata) == [[192, 0, 2, 9]])
        await server.stop()
    }

    @Test("stop ends the loop and frees the port")
    func stopFreesThePort() async throws {
        let store = SnapshotStore(CacheFixture.state().snapshot)
        let (server, bound) = try await Self.start(store, hosts: ["127.0.0.1"])
        let udp = try #require(bound.first { $0.transport == .udp })
        _ = try Self.client(udp).query(name: CacheFixture.name("www.cache.test."), type: .a)
        await server.stop()
        let again = try UDPBatchSocket.bind(host: "127.0.0.1", port: udp.endpoint.port)
        again.close()
        #expect(server.counters.answeredUDP.load(ordering: .relaxed) == 1)
    }
}
