/// What every fake target shares: a `FakeTargetServer` it listens with, and the kill/restore
/// operations drills need (stop releases the port; restart binds the same address again).
public protocol FakeTargetListening: Sendable {
    var server: FakeTargetServer { get }
    func start(host: String, port: Int) async throws
}

extension FakeTargetListening {
    /// Starts again on the address it last listened on (after `stop()`).
    public func restart() async throws {
        try await start(host: host, port: port)
    }

    /// Closes the listener and all connections (new connections are then refused) and waits for it.
    public func stop() async {
        await server.stop()
    }

    /// The address it listens (or last listened) on.
    public var host: String { server.host }
    public var port: Int { server.port }
    public var isRunning: Bool { server.isRunning }
    /// Connections accepted so far.
    public var connectionCount: Int { server.acceptedCount }
}
