import DNSWire

/// A small blocking stub resolver for one server (RFC 1035 §4.2): the CLI and the tests use it
/// against our daemon. Each call opens its own socket, so a value can be shared freely.
public struct DNSStubClient: Sendable {
    public var server: DNSServerAddress
    /// Default time limit for each call.
    public var timeout: Duration

    public init(server: DNSServerAddress, timeout: Duration = .seconds(2)) {
        self.server = server
        self.timeout = timeout
    }

    /// Sends one query and returns the decoded response. Over UDP, datagrams with another ID are
    /// skipped (as a stub resolver must, RFC 5452 §9.1) until `timeout`; over TCP the first
    /// response must match.
    public func query(name: DomainName, type: RRType, class rrClass: RRClass = .in, over transport: DNSTransport = .udp,
                      edns: EDNS? = nil, id: UInt16 = .random(in: 0...UInt16.max), recursionDesired: Bool = false,
                      timeout: Duration? = nil) throws(DNSClientError) -> Message {
        let limit = timeout ?? self.timeout
        switch transport {
        case .tcp:
            let connection = try TCPConnection(server: server, timeout: limit)
            return try connection.query(name: name, type: type, class: rrClass, edns: edns, id: id,
                                        recursionDesired: recursionDesired)
        case .udp:
            let query = Message.queryBytes(id: id, name: name, type: type, class: rrClass,
                                           recursionDesired: recursionDesired, edns: edns)
            let deadline = ContinuousClock.now + limit
            let socket = try udpSocket(deadline: deadline)
            try socket.send(query, deadline: deadline)
            while true {
                guard let datagram = try socket.receive(capacity: 65535, deadline: deadline) else { throw .timeout }
                guard datagram.count >= 2, UInt16(datagram[0]) << 8 | UInt16(datagram[1]) == id else { continue }
                return try Self.decode(datagram)
            }
        }
    }

    /// Sends `bytes` as they are (over TCP with the length prefix) and returns the first reply,
    /// undecoded, or nil when none arrives before `timeout` — for malformed-packet tests where
    /// silence is the expected outcome.
    public func sendRaw(_ bytes: [UInt8], over transport: DNSTransport = .udp,
                        timeout: Duration? = nil) throws(DNSClientError) -> [UInt8]? {
        let limit = timeout ?? self.timeout
        do throws(DNSClientError) {
            switch transport {
            case .tcp:
                let connection = try TCPConnection(server: server, timeout: limit)
                try connection.send(bytes)
                guard let reply = try connection.receive() else { throw DNSClientError.connectionClosed }
                return reply
            case .udp:
                let deadline = ContinuousClock.now + limit
                let socket = try udpSocket(deadline: deadline)
                try socket.send(bytes, deadline: deadline)
                return try socket.receive(capacity: 65535, deadline: deadline)
            }
        } catch .timeout {
            return nil
        }
    }

    private func udpSocket(deadline: ContinuousClock.Instant) throws(DNSClientError) -> Socket {
        let address = try server.socketAddress()
        let socket = try Socket(family: address.family, kind: .datagram)
        try socket.connect(to: address, deadline: deadline)
        return socket
    }

    static func decode(_ bytes: [UInt8]) throws(DNSClientError) -> Message {
        do throws(MessageError) {
            return try Message(bytes: bytes)
        } catch {
            throw .malformedResponse(error)
        }
    }
}
