import Glibc

/// A non-blocking socket driven by `poll` with deadlines, so no call can hang past a timeout.
/// Closed when released.
final class Socket {
    let descriptor: Int32

    enum Kind {
        case datagram, stream

        var cValue: Int32 {
            switch self {
            case .datagram: Int32(SOCK_DGRAM.rawValue)
            case .stream: Int32(SOCK_STREAM.rawValue)
            }
        }
    }

    init(family: Int32, kind: Kind) throws(DNSClientError) {
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = Glibc.socket(family, kind.cValue | flags, 0)
        guard descriptor >= 0 else { throw .system(call: "socket", errno: errno) }
        self.descriptor = descriptor
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Connects (for UDP: fixes the peer, so the kernel drops datagrams from anyone else).
    func connect(to address: SocketAddress, deadline: ContinuousClock.Instant) throws(DNSClientError) {
        let result = address.withSockAddr { Glibc.connect(descriptor, $0, $1) }
        if result == 0 { return }
        guard errno == EINPROGRESS else { throw .system(call: "connect", errno: errno) }
        guard try wait(for: Int16(POLLOUT), until: deadline) else { throw .timeout }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else {
            throw .system(call: "getsockopt", errno: errno)
        }
        guard error == 0 else { throw .system(call: "connect", errno: error) }
    }

    /// Sends all of `bytes` (one datagram for UDP), waiting for buffer space until `deadline`.
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(DNSClientError) {
        var sent = 0
        repeat {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress.map { $0 + sent }, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result >= 0 {
                sent += result
                continue
            }
            let code = errno
            guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR else { throw .system(call: "send", errno: code) }
            guard try wait(for: Int16(POLLOUT), until: deadline) else { throw .timeout }
        } while sent < bytes.count
    }

    /// One `recv` of at most `capacity` bytes once readable. nil at the deadline; an empty array
    /// means end of stream (TCP) or an empty datagram (UDP).
    func receive(capacity: Int, deadline: ContinuousClock.Instant) throws(DNSClientError) -> [UInt8]? {
        while true {
            guard try wait(for: Int16(POLLIN), until: deadline) else { return nil }
            var count = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                count = Glibc.recv(descriptor, buffer.baseAddress, capacity, 0)
                initialized = max(count, 0)
            }
            if count >= 0 { return bytes }
            let code = errno
            // ECONNREFUSED here means ICMP port unreachable for an earlier UDP send: nothing listens.
            guard code == EAGAIN || code == EWOULDBLOCK || code == EINTR else { throw .system(call: "recv", errno: code) }
        }
    }

    /// Waits until the socket is ready for `events`; false when `deadline` passes first.
    /// Hang-up and error conditions count as ready so the following call reports them.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(DNSClientError) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let (seconds, attoseconds) = left.components
            let milliseconds = min(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000,
                                   Int64(Int32.max))
            var request = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&request, 1, Int32(milliseconds))
            if result > 0 { return true }
            if result < 0, errno != EINTR { throw .system(call: "poll", errno: errno) }
        }
    }
}
