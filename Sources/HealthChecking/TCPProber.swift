import NIOCore
import NIOPosix

/// Probes TCP health checks (HC-01): healthy when a TCP connection is established within the
/// target's `connectTimeout` (Route 53: ≤ 10 s for TCP checks; the monitor sets it, scaled by the
/// lab time scale). Nothing is sent; the connection is closed as soon as it is up. The connect
/// time is recorded from connect start to establishment on the monotonic clock.
public struct TCPProber: Prober {
    let group: any EventLoopGroup

    /// - Parameter group: the event loops the probes' sockets run on; one group shared by all probers.
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    public func probe(_ target: ProbeTarget) async -> ProbeResult {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: HTTPProber.bareAddress(target.address), port: target.port)
        } catch {
            return ProbeResult(success: false, status: ProberStatus.withResolvedIP(ProberStatus.invalidAddress(target.address), for: target))
        }
        let started = ContinuousClock.now
        let connecting = ConnectingChannel()
        do {
            // NIO enforces the connect timeout with a task scheduled on the channel's loop, so a
            // black-holed address fails with `ChannelError.connectTimeout` on time. Cancellation
            // (the check deleted, the daemon stopping) closes the socket at once instead.
            let channel = try await withTaskCancellationHandler {
                try await ClientBootstrap(group: group.next())
                    .connectTimeout(ProberTiming.timeAmount(target.connectTimeout))
                    .channelInitializer { channel in
                        connecting.set(channel)
                        return channel.eventLoop.makeSucceededVoidFuture()
                    }
                    .connect(to: address)
                    .get()
            } onCancel: {
                connecting.cancel()
            }
            let connectTime = ContinuousClock.now - started
            channel.close(promise: nil)
            return ProbeResult(success: true, status: ProberStatus.withResolvedIP(ProberStatus.tcpConnectionEstablished, for: target),
                               connectTime: connectTime)
        } catch {
            return ProbeResult(success: false, status: ProberStatus.withResolvedIP(ProberErrors.connectStatus(error), for: target))
        }
    }
}
