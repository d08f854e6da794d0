import NIOCore

/// A real loopback TCP server for TCP health checks (HC-01: healthy when the connection is
/// established): accepts and holds each connection until `stop()`, or closes it at once.
public final class FakeTCPTarget: FakeTargetListening {
    public enum Mode: Sendable, Hashable {
        /// Keep accepted connections open until `stop()`.
        case hold
        /// Close each accepted connection immediately.
        case closeImmediately
    }

    public let server = FakeTargetServer()
    private let currentMode: FakeTargetLocked<Mode>

    public init(mode: Mode = .hold) {
        currentMode = FakeTargetLocked(mode)
    }

    /// Creates and starts a target on `host` (`127.0.0.1`, another 127.0.0.0/8 address, or `::1`).
    public static func started(_ mode: Mode = .hold, host: String = "127.0.0.1", port: Int = 0) async throws -> FakeTCPTarget {
        let target = FakeTCPTarget(mode: mode)
        try await target.start(host: host, port: port)
        return target
    }

    /// Listens on `host:port` (port 0 picks a free one; read it from `port`).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let currentMode = self.currentMode
        try await server.start(host: host, port: port) { channel in
            if currentMode.value == .closeImmediately {
                channel.close(promise: nil)
            }
            return channel.eventLoop.makeSucceededVoidFuture()
        }
    }



    public var mode: Mode {
        get { currentMode.value }
        set { currentMode.value = newValue }
    }

}
