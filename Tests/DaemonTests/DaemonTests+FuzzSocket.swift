import Foundation
import Glibc

/// One non-blocking UDP socket connected to the daemon, for the malformed-packet loop: sends
/// never block for long and replies are drained as they come, so a single socket can push
/// 100,000 datagrams while counting every answer. Loopback only (the daemon's own listener).
final class FuzzSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32

    /// Connects to `host:port` (an IPv4 literal; the fuzz loop only targets 127.0.0.1).
    init(host: String, port: UInt16) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1, host.hasPrefix("127.") else {
            throw Failure(description: "\(host) is not an IPv4 loopback address")
        }
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        // A larger receive buffer so replies are not lost between drains.
        var size: Int32 = 4 << 20
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends one datagram. On a full send buffer, waits (at most `pollMilliseconds`, a bounded
    /// number of times) for space, handing the caller a chance to drain replies in between.
    /// Returns false when the datagram could not be sent (the caller counts it as not sent).
    func send(_ bytes: [UInt8], pollMilliseconds: Int32 = 100, attempts: Int = 50, whileWaiting drain: () -> Void) -> Bool {
        for _ in 0..<attempts {
            let result = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result >= 0 { return true }
            let code = errno
            // ECONNREFUSED: an ICMP error for an earlier datagram; the next send goes through.
            guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR || code == ECONNREFUSED else { return false }
            drain()
            var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&request, 1, pollMilliseconds)
        }
        return false
    }

    /// Every datagram already waiting, without blocking.
    func receiveAvailable() -> [[UInt8]] {
        var replies: [[UInt8]] = []
        while let datagram = receive(waitMilliseconds: 0) {
            replies.append(datagram)
        }
        return replies
    }

    /// One datagram, waiting at most `waitMilliseconds`; nil when none came.
    func receive(waitMilliseconds: Int32) -> [UInt8]? {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, waitMilliseconds) > 0 else { return nil }
        var count = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: 65536) { buffer, initialized in
            count = recv(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
            initialized = max(count, 0)
        }
        // A pending ICMP error reads as -1 ECONNREFUSED; report "nothing" and let the caller go on.
        return count >= 0 ? bytes : nil
    }
}
