import DNSWire
import Glibc

/// Why a client operation failed.
public enum DNSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `host` is not an IPv4 or IPv6 literal.
    case invalidAddress(String)
    /// A socket call failed; `errno` is the C error number.
    case system(call: String, errno: Int32)
    /// No (matching) response before the deadline.
    case timeout
    /// The server closed the TCP connection before a complete response arrived.
    case connectionClosed
    /// The response could not be decoded.
    case malformedResponse(MessageError)
    /// A response that does not belong to the query (wrong ID over TCP).
    case unexpectedResponse(String)
    /// A message too large for TCP's 2-byte length prefix (RFC 1035 §4.2.2).
    case messageTooLarge(Int)

    public var description: String {
        switch self {
        case .invalidAddress(let host): "'\(host)' is not an IPv4 or IPv6 address literal"
        case .system(let call, let errno): "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .timeout: "timed out waiting for the server"
        case .connectionClosed: "the server closed the connection before a complete response"
        case .malformedResponse(let error): "malformed response: \(error)"
        case .unexpectedResponse(let why): "unexpected response: \(why)"
        case .messageTooLarge(let size): "message of \(size) bytes exceeds the 65535-byte TCP limit"
        }
    }
}
