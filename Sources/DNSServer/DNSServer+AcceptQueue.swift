import Glibc
import NIOCore

extension DNSServer {
    /// How long `stop()` waits for a TCP listener's accept queue to empty before closing it.
    static let acceptQueueWait: Duration = .seconds(1)

    /// Waits until the kernel's accept queue of a TCP listener is empty (at most
    /// `acceptQueueWait`): connections whose handshake completed before the stop are accepted,
    /// registered and drained like the others. Closing a listener resets whatever still waits in
    /// its queue, so a client that connected and sent a query just before SIGTERM saw ECONNRESET
    /// (GracefulShutdownTests under load). For a listening socket TCP_INFO's `tcpi_unacked` is
    /// the queue's length (Linux tcp_get_info). Any other channel, or a failed getsockopt,
    /// returns at once.
    static func acceptQueued(on channel: any Channel) async {
        guard let socket = channel as? any SocketOptionProvider else { return }
        let deadline = ContinuousClock.now + acceptQueueWait
        while let info = try? await socket.getTCPInfo().get(),
              Int(info.tcpi_state) == TCP_LISTEN, info.tcpi_unacked > 0,
              ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}
