/// How a query travels (RFC 1035 §4.2).
public enum DNSTransport: Sendable, Hashable {
    case udp
    /// TCP with the 2-byte length prefix of RFC 1035 §4.2.2.
    case tcp
}
