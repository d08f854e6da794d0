#if canImport(Glibc)
import CNIOLinux
import Glibc

/// The loop thread's socket work: connect, send the request, read, decide, close.
extension RawProbeLoop {
    /// Opens the probe's socket and starts a non-blocking connect.
    func open(_ id: UInt64, _ request: ProbeRequest) {
        let target = request.target
        var session = HTTPProbeSession(target: target, started: .now)
        guard var address = SocketAddressStorage(target.address, port: target.port) else {
            request.completion(session.failed(ProberStatus.invalidAddress(target.address)))
            return
        }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            request.completion(session.failed(Self.status(errno: errno)))
            return
        }
        let connected = address.withSockAddr { connect(fd, $0, $1) }
        if connected != 0 && errno != EINPROGRESS {
            let failure = errno
            close(fd)
            request.completion(session.failed(Self.status(errno: failure)))
            return
        }
        if fd >= connections.count { connections += Array(repeating: nil, count: Int(fd) + 64 - connections.count) }
        connections[Int(fd)] = Connection(id: id, session: session, completion: request.completion,
                                          request: HTTPProber.request(for: target), deadline: session.connectDeadline)
        var event = epoll_event()
        event.events = EPOLLOUT.rawValue
        event.data.fd = fd
        _ = epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
        timers.insert(Timer(deadline: session.connectDeadline, fd: fd, id: id))
    }

    /// epoll reported `fd`: writable while connecting or sending, readable once the request is out.
    func ready(_ fd: Int32, events: UInt32) {
        guard Int(fd) < connections.count, var connection = connections[Int(fd)] else { return }
        if connection.session.stage == .connecting {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { return finish(fd, connection.session.failed(Self.status(errno: error))) }
            connection.deadline = connection.session.connected(at: .now)
            timers.insert(Timer(deadline: connection.deadline, fd: fd, id: connection.id))
        }
        if connection.sent < connection.request.count {
            // MSG_NOSIGNAL: a peer that already reset must fail the probe, not raise SIGPIPE.
            let written = connection.request.withUnsafeBytes {
                send(fd, $0.baseAddress! + connection.sent, $0.count - connection.sent, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno != EAGAIN {
                return finish(fd, connection.session.failed(Self.status(errno: errno)))
            }
            connection.sent += max(0, written)
            // Once the request is out, wait for the response only.
            var event = epoll_event()
            event.events = connection.sent < connection.request.count ? EPOLLOUT.rawValue : EPOLLIN.rawValue
            event.data.fd = fd
            _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
            connections[Int(fd)] = connection
            return
        }
        readAvailable(fd, &connection)
    }

    /// Reads until the socket would block or the session decides.
    private func readAvailable(_ fd: Int32, _ connection: inout Connection) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return finish(fd, connection.session.closedByPeer()) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                return finish(fd, connection.session.failed(Self.status(errno: errno)))
            }
            switch connection.session.received(Array(buffer[0..<count]), at: .now) {
            case .done(let result):
                return finish(fd, result)
            case .wait(let deadline):
                if deadline != connection.deadline {
                    connection.deadline = deadline
                    timers.insert(Timer(deadline: deadline, fd: fd, id: connection.id))
                }
            }
        }
        connections[Int(fd)] = connection
    }

    /// Closes the socket (which also leaves epoll) and reports.
    func finish(_ fd: Int32, _ result: ProbeResult) {
        guard let connection = connections[Int(fd)] else { return }
        connections[Int(fd)] = nil
        close(fd)
        connection.completion(result)
    }

    func cancelNow(_ id: UInt64) {
        if let index = connections.firstIndex(where: { $0?.id == id }), var connection = connections[index] {
            return finish(Int32(index), connection.session.failed(ProberStatus.cancelled))
        }
        // Not opened yet: it never will be.
        guard let index = pending[pendingHead...].firstIndex(where: { $0?.id == id }), let (_, request) = pending[index] else { return }
        pending[index] = nil
        request.completion(HTTPProber.failure(ProberStatus.cancelled, request.target).result)
    }

    /// Fires the deadlines that passed; stale timers (re-armed or finished probes) are skipped.
    func expireTimers(now: Instant) {
        while let timer = timers.min, timer.deadline <= now {
            timers.popMin()
            guard Int(timer.fd) < connections.count, var connection = connections[Int(timer.fd)],
                  connection.id == timer.id, connection.deadline == timer.deadline else { continue }
            finish(timer.fd, connection.session.deadlineExpired())
        }
    }

    /// HC-13 status of a socket error.
    static func status(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: ProberStatus.connectionRefused
        case ECONNRESET, EPIPE: ProberStatus.connectionReset
        case ETIMEDOUT: ProberStatus.connectionTimedOut
        default: ProberStatus.connectionFailed(String(cString: strerror(code)))
        }
    }
}

/// An IPv4 or IPv6 socket address parsed from a literal (`[::1]` brackets allowed).
struct SocketAddressStorage {
    private var storage = sockaddr_storage()
    private(set) var family: Int32 = 0
    private var length: socklen_t = 0

    init?(_ text: String, port: Int) {
        let address = HTTPProber.bareAddress(text)
        guard (0...65_535).contains(port) else { return nil }
        let parsed = withUnsafeMutableBytes(of: &storage) { raw -> Int32? in
            if address.contains(":") {
                let sin6 = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                sin6.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                return inet_pton(AF_INET6, address, &sin6.pointee.sin6_addr) == 1 ? AF_INET6 : nil
            }
            let sin = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
            sin.pointee.sin_family = sa_family_t(AF_INET)
            sin.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
            return inet_pton(AF_INET, address, &sin.pointee.sin_addr) == 1 ? AF_INET : nil
        }
        guard let parsed else { return nil }
        family = parsed
        length = socklen_t(parsed == AF_INET6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
    }

    mutating func withSockAddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        let length = self.length
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
#endif
