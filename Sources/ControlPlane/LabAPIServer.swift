import DNSServer
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Runs the lab API on the control listener (loopback by default, architecture pattern 8) and
/// reports the address it bound, so port 0 works like the DNS listeners.
public final class LabAPIServer: Sendable {
    private let api: LabAPI
    private let group: any EventLoopGroup
    private let logger: Logger
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let services = Mutex<ServiceGroup?>(nil)
    /// How long `stop()` lets requests in flight finish before it cancels the rest (issue 5
    /// item 2); long-lived responses such as event streams are cut at this point.
    private let drainLimit: Duration = .seconds(5)

    public init(api: LabAPI, group: any EventLoopGroup, logger: Logger) {
        self.api = api
        self.group = group
        self.logger = logger
    }

    /// Binds and starts serving; returns the address as bound (port 0 resolved).
    public func start(host: String, port: Int) async throws -> ListenAddress {
        let (events, continuation) = AsyncStream.makeStream(of: Result<ListenAddress, any Error>.self)
        let app = Application(
            router: api.router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "lab53d"),
            onServerRunning: { channel in
                let bound = channel.localAddress
                continuation.yield(.success(ListenAddress(host: bound?.ipAddress ?? host, port: bound?.port ?? port)))
            },
            eventLoopGroupProvider: .shared(group),
            logger: logger)
        // A service group of its own without signal handlers (lab53d owns SIGTERM/SIGHUP), so
        // `stop()` can shut the server down gracefully: stop accepting, finish the requests in flight.
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        services.withLock { $0 = group }
        let running = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.yield(.failure(error))
                throw error
            }
        }
        task.withLock { $0 = running }
        for await event in events {
            return try event.get()
        }
        throw CancellationError()
    }

    public func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        guard let running else { return }
        let group = services.withLock { group in
            defer { group = nil }
            return group
        }
        await group?.triggerGracefulShutdown()
        // Graceful first; cancellation only for what is still open after `drainLimit`.
        let limit = drainLimit
        let backstop = Task {
            try await Task.sleep(for: limit)
            running.cancel()
        }
        _ = await running.result
        backstop.cancel()
    }
}
