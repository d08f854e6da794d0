import DNSClient
import DNSWire
import Foundation
import Glibc
import Testing

/// A throwaway server socket on loopback, bound to port 0, for exercising the client without the
/// daemon. Sockets block with a 2-second receive timeout so a broken test cannot hang.
private struct LoopbackSocket {
    let descriptor: Int32
    let port: UInt16

    init(host: String, stream: Bool) throws {
        let family = host.contains(":") ? AF_INET6 : AF_INET
        let descriptor = socket(family, Int32(stream ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketFailure(call: "socket") }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var storage = sockaddr_storage()
        var length: socklen_t
        if family == AF_INET {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, host, &address.sin_addr)
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeBytes(of: address) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
        } else {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeBytes(of: address) { source in
                withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
            }
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw SocketFailure(call: "bind") }
        if stream { guard listen(descriptor, 4) == 0 else { throw SocketFailure(call: "listen") } }
        var boundLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &boundLength) }
        }
        // sin_port and sin6_port sit at the same offset, right after the family.
        port = withUnsafeBytes(of: storage) { UInt16($0[2]) << 8 | UInt16($0[3]) }
        self.descriptor = descriptor
    }

    func close() { Glibc.close(descriptor) }
}

private struct SocketFailure: Error {
    let call: String
}

/// A response to `query` with one A record, the ID optionally overridden.
private func answer(_ query: [UInt8], id: UInt16? = nil) -> [UInt8] {
    guard case .query(let parsed) = QueryParser.parse(query) else { return [] }
    var writer = MessageWriter(limit: 512)
    writer.id = id ?? parsed.id
    writer.flags = HeaderFlag.qr | HeaderFlag.aa
    writer.appendQuestion(name: parsed.name, type: parsed.type, rrClass: parsed.rrClass)
    writer.append(.answer, name: parsed.name, type: .a, ttl: 60, rdata: [192, 0, 2, 1])
    return writer.bytes
}

/// Reads `count` bytes from a blocking stream socket; shorter when the peer closes or times out.
private func readExactly(_ descriptor: Int32, _ count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    while bytes.count < count {
        var chunk = [UInt8](repeating: 0, count: count - bytes.count)
        let got = recv(descriptor, &chunk, chunk.count, 0)
        guard got > 0 else { break }
        bytes += chunk.prefix(got)
    }
    return bytes
}

@Suite("DNSClient on loopback")
struct DNSClientLoopbackTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func udpQuerySkipsForeignIDsAndDecodesTheAnswer(host: String) throws {
        let server = try LoopbackSocket(host: host, stream: false)
        defer { server.close() }
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 512)
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let got = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(server.descriptor, &buffer, buffer.count, 0, $0, &peerLength)
                }
            }
            guard got > 0 else { return }
            let query = Array(buffer.prefix(got))
            for reply in [answer(query, id: 0xFFFF), answer(query)] {
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(server.descriptor, reply, reply.count, 0, $0, peerLength)
                    }
                }
            }
        }
        let client = DNSStubClient(server: DNSServerAddress(host: host, port: server.port))
        let response = try client.query(name: dn("www.example.com"), type: .a, id: 4242, recursionDesired: true)
        #expect(response.id == 4242)
        #expect(response.isResponse && response.authoritativeAnswer)
        #expect(response.answers == [ResourceRecord(name: dn("www.example.com"), type: .a, ttl: 60, rdata: [192, 0, 2, 1])])
    }

    @Test func sendRawReturnsNilWhenNothingAnswers() throws {
        let server = try LoopbackSocket(host: "127.0.0.1", stream: false)
        defer { server.close() }
        let client = DNSStubClient(server: DNSServerAddress(host: "127.0.0.1", port: server.port))
        #expect(try client.sendRaw([1, 2, 3], timeout: .milliseconds(50)) == nil)
    }

    @Test(arguments: ["127.0.0.1", "::1"])
    func tcpPipelinesThenSeesTheServerClose(host: String) throws {
        let server = try LoopbackSocket(host: host, stream: true)
        defer { server.close() }
        Thread.detachNewThread {
            let connection = accept(server.descriptor, nil, nil)
            guard connection >= 0 else { return }
            defer { Glibc.close(connection) }
            var replies: [UInt8] = []
            for _ in 0..<3 {
                let prefix = readExactly(connection, 2)
                guard prefix.count == 2 else { return }
                let reply = answer(readExactly(connection, Int(prefix[0]) << 8 | Int(prefix[1])))
                replies += [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
            }
            _ = send(connection, replies, replies.count, Int32(MSG_NOSIGNAL))
        }
        let connection = try TCPConnection(server: DNSServerAddress(host: host, port: server.port))
        let ids: [UInt16] = [1, 2, 3]
        let responses = try connection.pipeline(ids.map { Message.queryBytes(id: $0, name: dn("www.example.com"), type: .a) })
        #expect(try responses.map { try Message(bytes: $0).id } == ids)
        #expect(try connection.receive() == nil)
        #expect(connection.isClosedByServer)
    }

    @Test func tcpReportsAResponseCutOff() throws {
        let server = try LoopbackSocket(host: "127.0.0.1", stream: true)
        defer { server.close() }
        Thread.detachNewThread {
            let connection = accept(server.descriptor, nil, nil)
            guard connection >= 0 else { return }
            let partial: [UInt8] = [0, 50, 1, 2, 3]
            _ = send(connection, partial, partial.count, Int32(MSG_NOSIGNAL))
            Glibc.close(connection)
        }
        let connection = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: server.port))
        #expect(throws: DNSClientError.connectionClosed) { try connection.receive() }
    }

    @Test func waitForServerCloseSeesAnIdleClose() throws {
        let server = try LoopbackSocket(host: "127.0.0.1", stream: true)
        defer { server.close() }
        Thread.detachNewThread {
            let connection = accept(server.descriptor, nil, nil)
            if connection >= 0 { Glibc.close(connection) }
        }
        let connection = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: server.port))
        #expect(try connection.waitForServerClose(timeout: .seconds(2)))
    }

    @Test func waitForServerCloseTimesOutWhileTheServerHoldsOn() throws {
        let server = try LoopbackSocket(host: "127.0.0.1", stream: true)
        defer { server.close() }
        // The kernel completes the handshake from the backlog; nobody ever reads or closes.
        let connection = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: server.port))
        #expect(try !connection.waitForServerClose(timeout: .milliseconds(50)))
    }

    @Test func refusedConnectionIsATypedError() throws {
        let unused = try LoopbackSocket(host: "127.0.0.1", stream: true)
        let port = unused.port
        unused.close()
        let client = DNSStubClient(server: DNSServerAddress(host: "127.0.0.1", port: port))
        #expect(throws: DNSClientError.system(call: "connect", errno: ECONNREFUSED)) {
            try client.query(name: dn("example.com"), type: .a, over: .tcp)
        }
    }

    @Test func addressesParseAndDescribe() throws {
        let client = DNSStubClient(server: DNSServerAddress(host: "localhost", port: 53))
        #expect(throws: DNSClientError.invalidAddress("localhost")) { try client.query(name: .root, type: .ns) }
        #expect(DNSServerAddress(host: "127.0.0.1", port: 5353).description == "127.0.0.1:5353")
        #expect(DNSServerAddress(host: "::1", port: 53).description == "[::1]:53")
        #expect(DNSServerAddress(host: "[::1]", port: 53).description == "[::1]:53")
        #expect(DNSClientError.system(call: "connect", errno: ECONNREFUSED).description
            == "connect failed: Connection refused (errno \(ECONNREFUSED))")
    }

    @Test func oversizedTCPMessageIsRefusedBeforeSending() throws {
        let server = try LoopbackSocket(host: "127.0.0.1", stream: true)
        defer { server.close() }
        let connection = try TCPConnection(server: DNSServerAddress(host: "127.0.0.1", port: server.port))
        #expect(throws: DNSClientError.messageTooLarge(65536)) {
            try connection.send([UInt8](repeating: 0, count: 65536))
        }
    }
}
