import DNSWire

/// One TCP connection to a DNS server with RFC 1035 §4.2.2 framing (2-byte length prefix).
///
/// Supports pipelining (RFC 7766 §6.2.1.1: write several queries, then read the responses) and
/// tells a clean close by the server (`receive` returns nil) apart from a cut-off response
/// (`DNSClientError.connectionClosed`). Not thread-safe: use it from one task.
public final class TCPConnection {
    public let server: DNSServerAddress
    /// Default time limit for each operation.
    public let timeout: Duration
    /// True once the server has closed its side (end of stream seen).
    public private(set) var isClosedByServer = false
    private let socket: Socket
    /// Bytes received but not yet returned as a whole message.
    private var pending: [UInt8] = []

    /// Connects to `server`, waiting at most `timeout`.
    public init(server: DNSServerAddress, timeout: Duration = .seconds(2)) throws(DNSClientError) {
        self.server = server
        self.timeout = timeout
        let address = try server.socketAddress()
        socket = try Socket(family: address.family, kind: .stream)
        try socket.connect(to: address, deadline: .now + timeout)
    }

    /// Sends one message with its length prefix.
    public func send(_ message: [UInt8]) throws(DNSClientError) {
        guard message.count <= 0xFFFF else { throw .messageTooLarge(message.count) }
        try socket.send([UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message, deadline: .now + timeout)
    }

    /// Sends bytes exactly as given, without framing (for tests of partial or bad frames).
    public func sendUnframed(_ bytes: [UInt8]) throws(DNSClientError) {
        try socket.send(bytes, deadline: .now + timeout)
    }

    /// Reads the next framed message. Returns nil when the server closed the connection cleanly
    /// between messages; throws `.connectionClosed` when it closed inside one and `.timeout` when
    /// nothing complete arrived in time.
    public func receive(timeout: Duration? = nil) throws(DNSClientError) -> [UInt8]? {
        let deadline = ContinuousClock.now + (timeout ?? self.timeout)
        while true {
            if pending.count >= 2 {
                let length = Int(pending[0]) << 8 | Int(pending[1])
                if pending.count >= 2 + length {
                    let message = Array(pending[2..<(2 + length)])
                    pending.removeFirst(2 + length)
                    return message
                }
            }
            if isClosedByServer {
                if pending.isEmpty { return nil }
                throw .connectionClosed
            }
            guard let chunk = try socket.receive(capacity: 65537, deadline: deadline) else { throw .timeout }
            if chunk.isEmpty { isClosedByServer = true } else { pending += chunk }
        }
    }

    /// Writes all `messages`, then reads as many responses (pipelining). Responses come back in
    /// the order received, which RFC 7766 §7 allows to differ from the query order.
    public func pipeline(_ messages: [[UInt8]], timeout: Duration? = nil) throws(DNSClientError) -> [[UInt8]] {
        for message in messages { try send(message) }
        var responses: [[UInt8]] = []
        for _ in messages {
            guard let response = try receive(timeout: timeout) else { throw .connectionClosed }
            responses.append(response)
        }
        return responses
    }

    /// Sends one query and decodes the response, which must carry the same ID.
    public func query(name: DomainName, type: RRType, class rrClass: RRClass = .in, edns: EDNS? = nil,
                      id: UInt16 = .random(in: 0...UInt16.max), recursionDesired: Bool = false,
                      timeout: Duration? = nil) throws(DNSClientError) -> Message {
        try send(Message.queryBytes(id: id, name: name, type: type, class: rrClass,
                                    recursionDesired: recursionDesired, edns: edns))
        guard let bytes = try receive(timeout: timeout) else { throw .connectionClosed }
        let message = try DNSStubClient.decode(bytes)
        guard message.id == id else { throw .unexpectedResponse("ID \(message.id), expected \(id)") }
        return message
    }

    /// Waits for the server to close the connection (idle timeout tests). True when it closed,
    /// false when `timeout` passed first; a message arriving instead is unexpected.
    public func waitForServerClose(timeout: Duration) throws(DNSClientError) -> Bool {
        do throws(DNSClientError) {
            if let message = try receive(timeout: timeout) {
                throw DNSClientError.unexpectedResponse("\(message.count)-byte message while waiting for close")
            }
            return true
        } catch .timeout {
            return false
        }
    }
}
