#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Synchronization

/// Errors of the fake health-check targets.
public struct FakeTargetError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The listening part every fake target shares: binds a loopback address (port 0 or a given
/// port) with SO_REUSEADDR and SO_REUSEPORT, tracks the accepted connections, and on `stop()`
/// closes the listener and every connection — like a killed process — while a `PortReservation`
/// keeps the port for a later `start` on it (kill/restore drills).
public final class FakeTargetServer: Sendable {
    private struct State {
        var accepting = false
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var host = "127.0.0.1"
        var port = 0
        var acceptedCount = 0
        /// Holds the port between `stop()` and the next `start` on it.
        var reservation: PortReservation?
    }

    private let state = Mutex(State())

    public var host: String { state.withLock { $0.host } }
    /// The bound port; after `stop()` the last one, so `start(port: port)` restores the target.
    public var port: Int { state.withLock { $0.port } }
    public var isRunning: Bool { state.withLock { $0.listener != nil } }
    /// Connections accepted since creation.
    public var acceptedCount: Int { state.withLock { $0.acceptedCount } }

    /// Binds `host:port` (an IPv4 or IPv6 loopback literal) and serves each accepted connection
    /// through `initializer`.
    func start(host: String, port: Int, initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>) async throws {
        let address = try SocketAddress(ipAddress: host, port: port)
        try state.withLock { state in
            guard !state.accepting else { throw FakeTargetError("fake target already running on \(state.host):\(state.port)") }
            state.accepting = true
        }
        do {
            let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.socketOption(.init(rawValue: SO_REUSEPORT)), value: 1)
                .childChannelInitializer { [self] channel in
                    guard adopt(channel) else {
                        channel.close(promise: nil)
                        return channel.eventLoop.makeSucceededVoidFuture()
                    }
                    return initializer(channel)
                }
                .bind(to: address)
                .get()
            let reservation = state.withLock { state in
                state.listener = listener
                state.host = host
                state.port = listener.localAddress?.port ?? port
                defer { state.reservation = nil }
                return state.reservation
            }
            reservation?.release()
        } catch {
            state.withLock { $0.accepting = false }
            throw error
        }
    }

    /// Closes the listener and every open connection, and waits until they are closed.
    public func stop() async {
        let (host, port, running) = state.withLock { ($0.host, $0.port, $0.listener != nil) }
        let reservation = running ? try? PortReservation(host: host, port: port) : nil
        let (listener, connections) = state.withLock { state in
            defer {
                state.accepting = false
                state.listener = nil
                state.connections = [:]
                if let reservation { state.reservation = reservation }
            }
            return (state.listener, Array(state.connections.values))
        }
        for channel in [listener].compactMap({ $0 }) + connections {
            channel.close(promise: nil)
            try? await channel.closeFuture.get()
        }
    }

    private func adopt(_ channel: any Channel) -> Bool {
        let key = ObjectIdentifier(channel)
        let adopted = state.withLock { state in
            guard state.accepting else { return false }
            state.connections[key] = channel
            state.acceptedCount += 1
            return true
        }
        if adopted {
            channel.closeFuture.whenComplete { [self] _ in
                state.withLock { _ = $0.connections.removeValue(forKey: key) }
            }
        }
        return adopted
    }

    /// `Duration` → NIO `TimeAmount` (negative durations count as zero).
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else { return .zero }
        return .nanoseconds(min(seconds, 1_000_000_000) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
