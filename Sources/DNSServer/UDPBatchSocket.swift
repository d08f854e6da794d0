#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A bound UDP socket for the batch listener: created, bound and read with plain system calls
/// so the receive loop owns every buffer (issue 6; architecture performance notes: a raw
/// `recvmmsg`/`sendmmsg` loop costs ~0.1–0.2 µs of user CPU per query, NIO's ~2.5 µs).
struct UDPBatchSocket: Sendable {
    let descriptor: Int32
    /// The bound address: the IP literal and the port the kernel chose for port 0.
    let endpoint: ListenAddress

    /// How long a blocked receive waits before the loop looks at its stop flag again; `stop`
    /// also wakes it at once with shutdown(2).
    static let receiveTimeoutMicroseconds = 250_000

    /// Binds `host` (an IPv4 or IPv6 literal) and `port` (0: any free port).
    static func bind(host: String, port: Int) throws(UDPBatchSocketError) -> UDPBatchSocket {
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if inet_pton(AF_INET, host, &storage.ipv4Address) == 1 {
            family = AF_INET
            storage.ss_family = sa_family_t(AF_INET)
            storage.ipv4Port = in_port_t(UInt16(port)).bigEndian
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if inet_pton(AF_INET6, host, &storage.ipv6Address) == 1 {
            family = AF_INET6
            storage.ss_family = sa_family_t(AF_INET6)
            storage.ipv6Port = in_port_t(UInt16(port)).bigEndian
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            throw UDPBatchSocketError(operation: "parse", host: host, port: port, code: EINVAL)
        }
        let descriptor = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw UDPBatchSocketError(operation: "socket", host: host, port: port, code: errno) }
        var one: Int32 = 1
        var timeout = timeval(tv_sec: 0, tv_usec: suseconds_t(receiveTimeoutMicroseconds))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0,
              setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0,
              bound == 0
        else {
            let code = errno
            Glibc.close(descriptor)
            throw UDPBatchSocketError(operation: "bind", host: host, port: port, code: code)
        }
        var local = sockaddr_storage()
        var localLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &localLength) }
        }
        guard named == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw UDPBatchSocketError(operation: "getsockname", host: host, port: port, code: code)
        }
        let boundPort = Int(UInt16(bigEndian: family == AF_INET ? local.ipv4Port : local.ipv6Port))
        return UDPBatchSocket(descriptor: descriptor, endpoint: ListenAddress(host: host, port: boundPort))
    }

    /// Wakes a receive blocked on this socket (it returns at once; Linux sets the shutdown flag
    /// and wakes readers even on an unconnected UDP socket, though the call reports ENOTCONN).
    func wakeReceivers() {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}

/// A UDP listen socket could not be set up.
public struct UDPBatchSocketError: Error, CustomStringConvertible {
    public let operation: String
    public let host: String
    public let port: Int
    public let code: Int32

    public var description: String {
        "UDP \(operation) \(host):\(port) failed: \(String(cString: strerror(code)))"
    }
}

extension sockaddr_storage {
    /// The IPv4 address and port fields, as `sockaddr_in` lays them out.
    var ipv4Address: in_addr {
        get { withUnsafeBytes(of: self) { $0.load(fromByteOffset: 4, as: in_addr.self) } }
        set { withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: newValue, toByteOffset: 4, as: in_addr.self) } }
    }

    var ipv4Port: in_port_t {
        get { withUnsafeBytes(of: self) { $0.load(fromByteOffset: 2, as: in_port_t.self) } }
        set { withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: newValue, toByteOffset: 2, as: in_port_t.self) } }
    }

    /// The IPv6 address and port fields, as `sockaddr_in6` lays them out.
    var ipv6Address: in6_addr {
        get { withUnsafeBytes(of: self) { $0.load(fromByteOffset: 8, as: in6_addr.self) } }
        set { withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: newValue, toByteOffset: 8, as: in6_addr.self) } }
    }

    var ipv6Port: in_port_t {
        get { withUnsafeBytes(of: self) { $0.load(fromByteOffset: 2, as: in_port_t.self) } }
        set { withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: newValue, toByteOffset: 2, as: in_port_t.self) } }
    }
}
