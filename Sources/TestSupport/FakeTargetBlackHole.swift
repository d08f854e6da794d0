#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Synchronization

/// A loopback address:port where TCP connects time out — the connect-timeout case of HC-01/HC-13
/// without leaving loopback or touching the firewall. A socket listens with backlog 0 and is
/// never accepted from; filler connections take the accept queue, and once it is full the
/// kernel silently drops further SYNs (Linux: `sk_acceptq_is_full` in `tcp_conn_request`), so a
/// client's connect hangs until its own timeout. `init` verifies that a connect really hangs
/// and throws if this kernel does not behave so.
public final class FakeBlackHoleTarget: Sendable {
    public let host: String
    public let port: Int
    private let descriptors: Mutex<[Int32]>

    /// - Parameter host: `127.0.0.1` (or another 127.0.0.0/8 address) or `::1`.
    public init(host: String = "127.0.0.1") throws {
        let address = try SocketAddress(ipAddress: host, port: 0)
        let family = address.protocol.rawValue
        var opened: [Int32] = []
        do {
            let listener = try Self.socket(family: family)
            opened.append(listener)
            try address.withSockAddr { pointer, length in
                guard bind(listener, pointer, socklen_t(length)) == 0 else { throw Self.failure("bind") }
            }
            guard listen(listener, 0) == 0 else { throw Self.failure("listen") }
            let port = try Self.boundPort(listener)
            let target = try SocketAddress(ipAddress: host, port: port)
            // Fill the accept queue until a connect no longer completes: that one is being dropped.
            var blackHoled = false
            for _ in 0..<16 {
                let filler = try Self.socket(family: family)
                opened.append(filler)
                if try !Self.connects(filler, to: target, waitingMilliseconds: 300) {
                    blackHoled = true
                    break
                }
            }
            guard blackHoled else { throw FakeTargetError("connects to a full accept queue are not dropped on this system") }
            self.host = host
            self.port = port
            descriptors = Mutex(opened)
        } catch {
            opened.forEach(Self.closeDescriptor)
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes the listener and the fillers; the port then refuses connections.
    public func close() {
        let open = descriptors.withLock { descriptors in
            defer { descriptors = [] }
            return descriptors
        }
        open.forEach(Self.closeDescriptor)
    }

    private static func closeDescriptor(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    private static func socket(family: Int32) throws -> Int32 {
        #if canImport(Glibc)
        let descriptor = Glibc.socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = Darwin.socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw failure("socket") }
        return descriptor
    }

    private static func boundPort(_ descriptor: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { throw failure("getsockname") }
        // sin_port and sin6_port both sit at offset 2, in network byte order.
        return withUnsafeBytes(of: &storage) { Int($0[2]) << 8 | Int($0[3]) }
    }

    /// Starts a non-blocking connect and reports whether it completed within the wait.
    private static func connects(_ descriptor: Int32, to address: SocketAddress, waitingMilliseconds: Int32) throws -> Bool {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        let status = address.withSockAddr { pointer, length in connect(descriptor, pointer, socklen_t(length)) }
        if status == 0 { return true }
        guard errno == EINPROGRESS else { throw failure("connect") }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, waitingMilliseconds) > 0 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { throw FakeTargetError("black hole filler connect failed: errno \(error)") }
        return true
    }

    private static func failure(_ call: String) -> FakeTargetError {
        FakeTargetError("\(call) failed: \(String(cString: strerror(errno)))")
    }
}
