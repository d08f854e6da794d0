import Glibc

/// Where a DNS server listens: an IPv4 or IPv6 literal and a port. No name resolution, on purpose:
/// the client talks to our own daemon on loopback.
public struct DNSServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// `127.0.0.1`, `::1`, … (brackets around an IPv6 literal are accepted).
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:53` or `[::1]:53`.
    public var description: String {
        let bare = hostWithoutBrackets
        return bare.contains(":") ? "[\(bare)]:\(port)" : "\(bare):\(port)"
    }

    private var hostWithoutBrackets: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The C socket address for this host and port.
    func socketAddress() throws(DNSClientError) -> SocketAddress {
        let bare = hostWithoutBrackets
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, bare, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            return .v4(v4)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            return .v6(v6)
        }
        throw .invalidAddress(host)
    }
}

/// An IPv4 or IPv6 socket address, handed to C calls as `sockaddr *`.
enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .v4(var address):
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}
