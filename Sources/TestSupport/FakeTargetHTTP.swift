import NIOCore

/// A real loopback HTTP server a test starts, reconfigures and kills — the endpoint of an HTTP
/// or HTTP_STR_MATCH health check (HC-01). Its `behaviour` (status, reason, body, chunking,
/// delays, slow-loris, garbage, huge headers, close) is read at each request, so a running
/// target can be switched between healthy and hostile. `stop()` closes the listener and every
/// connection and frees the port; `restart()` binds the same address again.
public final class FakeHTTPTarget: FakeTargetListening {
    public let server = FakeTargetServer()
    private let record: FakeTargetRecord

    public init(behaviour: Behaviour = Behaviour()) {
        record = FakeTargetRecord(behaviour: behaviour)
    }

    /// Creates and starts a target on `host` (`127.0.0.1`, another 127.0.0.0/8 address, or `::1`).
    public static func started(_ behaviour: Behaviour = Behaviour(), host: String = "127.0.0.1", port: Int = 0) async throws
        -> FakeHTTPTarget {
        let target = FakeHTTPTarget(behaviour: behaviour)
        try await target.start(host: host, port: port)
        return target
    }

    /// Listens on `host:port` (port 0 picks a free one; read it from `port`).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let record = self.record
        try await server.start(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try FakeTargetResponder.install(on: channel, record: record)
            }
        }
    }




    /// How it answers the next request.
    public var behaviour: Behaviour {
        get { record.behaviour }
        set { record.behaviour = newValue }
    }

    /// Complete requests received since creation.
    public var requestCount: Int { record.requestCount }
    /// The last request received (its headers as sent, e.g. `Host` and `User-Agent`).
    public var lastRequest: FakeHTTPRequest? { record.lastRequest }
}
