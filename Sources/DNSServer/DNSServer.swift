import AnswerEngine
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The authoritative listeners: UDP and TCP on every configured endpoint, answering from the
/// `SnapshotStore`'s current snapshot (architecture "The two planes"). UDP runs on a
/// `recvmmsg`/`sendmmsg` loop per socket with a reply cache (issue 6; the state is read once per
/// batch); TCP on SwiftNIO.
public final class DNSServer: Sendable {
    /// Tuning knobs of the listeners.
    public struct Options: Sendable {
        /// What serves UDP.
        public enum UDPEngine: Sendable {
            /// A `recvmmsg`/`sendmmsg` loop on a dedicated thread per socket (the default).
            case batch
            /// A SwiftNIO datagram channel (vector reads), as before issue 6.
            case nio
        }

        public var udpEngine: UDPEngine = .batch
        /// Replies kept per UDP socket for replay to identical queries (`ResponseCache`); 0 turns
        /// the cache off. The query log turns it off too.
        public var responseCacheEntries = 65536
        /// Memory for those replies per UDP socket, allocated once (pages are touched as used).
        public var responseCacheBytes = 16 << 20
        /// RFC 7766 §6.2.3 lets a server close idle connections; 10 s matches common servers.
        public var tcpIdleTimeout: TimeAmount = .seconds(10)
        /// Datagrams read per system call (`recvmmsg` or NIO vector reads; architecture performance notes).
        public var udpVectorReadCount = 32
        /// Receive buffer per datagram. Larger queries are cut short and answered FORMERR.
        public var udpReceiveBufferSize = 4096
        /// How often to retry when the TCP half of an ephemeral (port 0) pair finds its port taken.
        public var ephemeralBindAttempts = 16
        /// The query log's ring (DNS-13, issue 5 item 4); nil keeps the log off (the default).
        public var queryLog: QueryLogRing?

        public init() {}
    }

    private let group: any EventLoopGroup
    private let store: SnapshotStore
    private let options: Options
    private let logger: Logger
    public let counters = ServerCounters()
    private let channels = Mutex<[any Channel]>([])
    private let udpListeners = Mutex<[UDPBatchListener]>([])
    private let connections = TCPConnectionRegistry()

    public init(group: any EventLoopGroup, store: SnapshotStore, options: Options = Options(), logger: Logger) {
        self.group = group
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// Binds UDP and TCP on each endpoint. With port 0 both transports share one ephemeral port,
    /// so a client (and `dig +tcp`) can use the same number for both.
    public func start(endpoints: [ListenAddress]) async throws -> [BoundListener] {
        var bound: [BoundListener] = []
        for endpoint in endpoints {
            bound += try await bindPair(endpoint)
        }
        return bound
    }

    /// Graceful stop (issue 5 item 2): closes every listener, so no new query or connection
    /// arrives (TCP listeners once the connections already in their accept queue are accepted),
    /// then drains the open TCP connections — each closes once the queries it has begun
    /// to receive are answered and written, waiting at most `tcpIdleTimeout` for a stalled one —
    /// and returns when all are closed. UDP answers are written as each datagram is read.
    public func stop() async {
        let open = channels.withLock { list in
            defer { list.removeAll() }
            return list
        }
        let batchListeners = udpListeners.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for listener in batchListeners {
            await listener.stop()
        }
        for channel in open {
            await Self.acceptQueued(on: channel)
            try? await channel.close()
        }
        await connections.drain()
    }

    private func bindPair(_ endpoint: ListenAddress) async throws -> [BoundListener] {
        var attempt = 0
        while true {
            attempt += 1
            let udp = try await bindUDP(host: endpoint.host, port: endpoint.port)
            let port = udp.port
            do {
                let tcp = try await bindTCP(host: endpoint.host, port: port)
                try udp.start()
                channels.withLock { $0 += [tcp] + udp.channels }
                let udpEnd = ListenAddress(host: udp.host, port: port)
                let tcpEnd = ListenAddress(host: tcp.localAddress?.ipAddress ?? endpoint.host, port: tcp.localAddress?.port ?? port)
                logger.info("listening", metadata: ["udp": "\(udpEnd)", "tcp": "\(tcpEnd)"])
                return [BoundListener(transport: .udp, endpoint: udpEnd), BoundListener(transport: .tcp, endpoint: tcpEnd)]
            } catch let error as IOError where endpoint.port == 0 && attempt < options.ephemeralBindAttempts {
                // The kernel gave UDP a port whose TCP twin is taken: try another pair.
                logger.debug("ephemeral TCP bind failed, retrying", metadata: ["error": "\(error)"])
                await udp.close()
            } catch {
                await udp.close()
                throw error
            }
        }
    }

    /// A bound UDP socket, before it serves.
    private struct BoundUDP {
        let host: String
        let port: Int
        let channels: [any Channel]
        let listener: UDPBatchListener?
        let start: () throws -> Void

        func close() async {
            listener?.discard()
            for channel in channels { try? await channel.close() }
        }
    }

    private func bindUDP(host: String, port: Int) async throws -> BoundUDP {
        switch options.udpEngine {
        case .batch:
            let socket = try UDPBatchSocket.bind(host: host, port: port)
            let listener = UDPBatchListener(socket: socket)
            let (store, counters, options) = (self.store, self.counters, self.options)
            return BoundUDP(host: socket.endpoint.host, port: socket.endpoint.port, channels: [], listener: listener) {
                try listener.start(store: store, counters: counters, options: options)
                self.udpListeners.withLock { $0.append(listener) }
            }
        case .nio:
            let channel = try await bindNIOUDP(host: host, port: port)
            return BoundUDP(host: channel.localAddress?.ipAddress ?? host, port: channel.localAddress?.port ?? port,
                            channels: [channel], listener: nil) {}
        }
    }

    private func bindNIOUDP(host: String, port: Int) async throws -> any Channel {
        let store = self.store
        let counters = self.counters
        let queryLog = options.queryLog
        return try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.datagramVectorReadMessageCount, value: options.udpVectorReadCount)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: options.udpReceiveBufferSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPQueryHandler(store: store, counters: counters,
                                                                                   queryLog: queryLog))
                }
            }
            .bind(host: host, port: port)
            .get()
    }

    private func bindTCP(host: String, port: Int) async throws -> any Channel {
        let store = self.store
        let counters = self.counters
        let idle = options.tcpIdleTimeout
        let queryLog = options.queryLog
        let connections = self.connections
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(TCPDrainHandler(limit: idle))
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idle))
                    try pipeline.addHandler(ByteToMessageHandler(TCPFrameDecoder()))
                    try pipeline.addHandler(TCPQueryHandler(store: store, counters: counters, queryLog: queryLog))
                    try connections.register(channel)
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}
