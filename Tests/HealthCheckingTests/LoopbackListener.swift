#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import TestSupport

/// A bare listening TCP socket on 127.0.0.1: the kernel completes handshakes into the backlog, so
/// a TCP health check succeeds while it is open and is refused once it is closed. Enough of a
/// target for the monitor's TCP integration test (the probers have their own server tests).
/// While closed, a `PortReservation` keeps the port, so `open()` cannot lose it to another socket.
final class LoopbackListener {
    private(set) var descriptor: Int32 = -1
    private let reservation: PortReservation
    let port: UInt16

    /// Listens on any free port.
    init() throws {
        let fd = try PortReservation.socket(bindingTo: try SocketAddress(ipAddress: "127.0.0.1", port: 0), listening: true)
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: actual.sin_port)
        reservation = try PortReservation(host: "127.0.0.1", port: Int(port))
    }

    /// Listens again on the same port.
    func open() throws {
        guard descriptor < 0 else { return }
        descriptor = try PortReservation.socket(bindingTo: try SocketAddress(ipAddress: "127.0.0.1", port: Int(port)), listening: true)
    }

    /// Stops listening: new connections are refused.
    func stop() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { stop() }
}
