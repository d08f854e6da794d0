import Glibc

/// The sd_notify(3) protocol without libsystemd (issue 5 item 1): each call sends one datagram of
/// newline-separated `KEY=value` assignments to the AF_UNIX socket named by `$NOTIFY_SOCKET` — a
/// path, or `@name` for an abstract socket. Without the variable every call is a no-op, so the
/// daemon behaves the same outside systemd. A failed send is reported, never fatal: the service
/// manager being gone must not stop DNS.
struct SystemdNotifier: Sendable {
    /// The socket as given in `$NOTIFY_SOCKET`; nil when unset or unusable.
    let socketName: String?

    init(environment: [String: String]) {
        let name = environment["NOTIFY_SOCKET"] ?? ""
        // Only path and abstract sockets exist on systemd 252; `vsock:` (254+) is not ours to use.
        socketName = name.hasPrefix("/") || name.hasPrefix("@") ? name : nil
    }

    var isActive: Bool { socketName != nil }

    /// `READY=1` with a status line: listeners bound and state loaded, or a reload finished.
    @discardableResult
    func ready(status: String) -> Bool {
        send(["READY=1", "STATUS=" + Self.oneLine(status)])
    }

    /// `RELOADING=1` with the CLOCK_MONOTONIC timestamp systemd's notify-reload protocol asks for
    /// (systemd.service(5), `Type=notify-reload`); the matching `READY=1` follows the reload.
    @discardableResult
    func reloading(status: String) -> Bool {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())", "STATUS=" + Self.oneLine(status)])
    }

    /// `STOPPING=1`: shutdown has begun (SIGTERM/SIGINT).
    @discardableResult
    func stopping(status: String) -> Bool {
        send(["STOPPING=1", "STATUS=" + Self.oneLine(status)])
    }

    /// Sends the assignments as one datagram; true when it was sent (false also when inactive).
    @discardableResult
    func send(_ assignments: [String]) -> Bool {
        guard let socketName else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let message = Array(assignments.joined(separator: "\n").utf8)
        guard let (address, length) = Self.address(socketName) else { return false }
        var storage = address
        let sent = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                message.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), raw, length)
                }
            }
        }
        return sent == message.count
    }

    /// The `sockaddr_un` for a path or `@abstract` name. An abstract name's leading `@` becomes NUL
    /// and the length covers exactly the name (no trailing NUL), as sd_notify does; nil if too long.
    static func address(_ name: String) -> (sockaddr_un, socklen_t)? {
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A path needs room for its terminating NUL (already zero in the fresh struct).
        guard !bytes.isEmpty, bytes.count <= (abstract ? capacity : capacity - 1) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        return (address, socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1)))
    }

    /// CLOCK_MONOTONIC in microseconds, the clock systemd compares `MONOTONIC_USEC=` against.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// A STATUS= value is one line: newlines would start new assignments.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { String($0.drop { $0 == " " || $0 == "\t" }) }.joined(separator: "; ")
    }
}
