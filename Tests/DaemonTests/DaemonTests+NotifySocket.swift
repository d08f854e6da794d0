import Foundation
import Glibc

/// The service manager's side of sd_notify(3) for tests (issue 5: "a test listens on a
/// NOTIFY_SOCKET it creates"): an AF_UNIX datagram socket bound to a path in a temporary directory
/// or to an abstract name, handed to `lab53d` as `$NOTIFY_SOCKET`. Each datagram is one message of
/// newline-separated `KEY=value` assignments.
final class NotifySocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What to put in `$NOTIFY_SOCKET`: the path, or `@name` for an abstract socket.
    let name: String
    private let descriptor: Int32
    private let directory: URL?

    /// - Parameter abstract: bind an abstract socket (`@lab53-test-…`) instead of a path.
    init(abstract: Bool = false) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        self.descriptor = descriptor
        var bytes: [UInt8]
        if abstract {
            name = "@lab53-test-\(UUID().uuidString)"
            directory = nil
            bytes = [0] + Array(name.utf8.dropFirst())
        } else {
            // Short on purpose: sun_path holds 108 bytes.
            let made = URL(fileURLWithPath: "/tmp").appendingPathComponent("lab53-notify-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: made, withIntermediateDirectories: false)
            directory = made
            name = made.appendingPathComponent("notify").path
            bytes = Array(name.utf8)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(description: "bind \(name): errno \(code)")
        }
    }

    deinit {
        close(descriptor)
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The environment that points `lab53d` at this socket.
    var environment: [String: String] { ["NOTIFY_SOCKET": name] }

    /// The next message, or nil if none arrives within `bound` seconds (a bound on the wait, not a
    /// timing assertion).
    func receive(upTo bound: Double = 30) -> NotifyMessage? {
        let deadline = Date().addingTimeInterval(bound)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000) + 1)
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return NotifyMessage(String(decoding: buffer[..<count], as: UTF8.self)) }
        }
    }

    /// Messages until one satisfies `condition` (returned last), or nil after `bound` seconds.
    func receive(until condition: (NotifyMessage) -> Bool, upTo bound: Double = 30) -> [NotifyMessage]? {
        let deadline = Date().addingTimeInterval(bound)
        var seen: [NotifyMessage] = []
        while let message = receive(upTo: max(0, deadline.timeIntervalSinceNow)) {
            seen.append(message)
            if condition(message) { return seen }
        }
        return nil
    }
}

/// One sd_notify datagram, parsed into its assignments.
struct NotifyMessage: CustomStringConvertible {
    let text: String
    let fields: [String: String]

    init(_ text: String) {
        self.text = text
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.fields = fields
    }

    subscript(key: String) -> String? { fields[key] }
    var description: String { text.replacingOccurrences(of: "\n", with: "\\n") }
}
