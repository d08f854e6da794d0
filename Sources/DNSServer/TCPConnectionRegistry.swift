import NIOCore
import Synchronization

/// The open DNS TCP connections, so `DNSServer.stop()` can drain them (issue 5 item 2) instead
/// of leaving them to the event loops' shutdown, which cuts a query in flight.
final class TCPConnectionRegistry: Sendable {
    /// A connection accepted after draining began; its initializer fails, so NIO closes it.
    struct Draining: Error {}

    private struct State {
        var open: [ObjectIdentifier: any Channel] = [:]
        var draining = false
    }

    private let state = Mutex(State())

    /// Tracks `channel` until it closes; throws once draining has begun.
    func register(_ channel: any Channel) throws {
        let key = ObjectIdentifier(channel)
        try state.withLock { state in
            guard !state.draining else { throw Draining() }
            state.open[key] = channel
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = state.withLock { $0.open.removeValue(forKey: key) }
        }
    }

    /// Asks every open connection to drain and waits until all have closed (each bounds its own
    /// wait, see `TCPDrainHandler`).
    func drain() async {
        let connections = state.withLock { state in
            state.draining = true
            return Array(state.open.values)
        }
        for channel in connections {
            channel.pipeline.fireUserInboundEventTriggered(TCPDrainRequest())
        }
        for channel in connections {
            try? await channel.closeFuture.get()
        }
    }
}
