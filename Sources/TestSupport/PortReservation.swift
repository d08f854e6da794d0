#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Synchronization

/// Keeps a loopback port of a stopped fake target from being taken by anything else until the
/// target starts again on it (kill/restore drills). A socket bound to the port with SO_REUSEADDR
/// and SO_REUSEPORT that never listens: connections to the port are still refused, a listener
/// with SO_REUSEPORT (the target's) can bind beside it, and no other socket gets the port — not
/// an ephemeral port of an outgoing connection, which a parallel suite makes by the thousand.
/// Without it a restart now and then failed with EADDRINUSE.
public final class PortReservation: Sendable {
    private let descriptor: Mutex<Int32>

    /// Binds `host:port` (a loopback literal, port ≠ 0) without listening.
    public init(host: String, port: Int) throws {
        descriptor = Mutex(try Self.boundSocket(try SocketAddress(ipAddress: host, port: port)))
    }

    /// Frees the port (once the target listens on it again, or for good).
    public func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }

    /// A stream socket bound to `address` with SO_REUSEADDR and SO_REUSEPORT, not listening.
    private static func boundSocket(_ address: SocketAddress) throws -> Int32 {
        let family: Int32 = address.protocol == .inet6 ? AF_INET6 : AF_INET
        let fd = Glibc.socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakeTargetError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockAddr({ bind(fd, $0, socklen_t($1)) }) == 0 else {
            let failure = errno
            close(fd)
            throw FakeTargetError("bind \(address): errno \(failure)")
        }
        return fd
    }
}
