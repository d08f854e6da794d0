import NIOCore
import NIOPosix

extension TCPProber: CallbackProber {
    /// `CallbackProber`: the same probe as `probe(_:)`, reported through `completion` on the event
    /// loop, without a task. NIO enforces the connect timeout; cancelling closes the socket.
    public func start(_ target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) -> ProbeHandle {
        let address: SocketAddress
        do {
            address = try SocketAddress(ipAddress: HTTPProber.bareAddress(target.address), port: target.port)
        } catch {
            completion(ProbeResult(success: false, status: ProberStatus.withResolvedIP(ProberStatus.invalidAddress(target.address), for: target)))
            return .finished
        }
        let started = ContinuousClock.now
        let connecting = ConnectingChannel()
        ClientBootstrap(group: group.next())
            .connectTimeout(ProberTiming.timeAmount(target.connectTimeout))
            .channelInitializer { channel in
                connecting.set(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .connect(to: address)
            .whenComplete { outcome in
                switch outcome {
                case .success(let channel):
                    let connectTime = ContinuousClock.now - started
                    channel.close(promise: nil)
                    completion(ProbeResult(success: true, status: ProberStatus.withResolvedIP(ProberStatus.tcpConnectionEstablished, for: target),
                                           connectTime: connectTime))
                case .failure(let error):
                    completion(ProbeResult(success: false, status: ProberStatus.withResolvedIP(ProberErrors.connectStatus(error), for: target)))
                }
            }
        return ProbeHandle { connecting.cancel() }
    }
}
