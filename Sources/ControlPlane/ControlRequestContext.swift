import Hummingbird
import NIOCore

/// The request context of the control listener: Hummingbird's core storage plus the peer address,
/// which the Route 53 API needs to refuse unsigned requests from off-box peers (issue 4 item 5).
public struct ControlRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Loopback peers: 127.0.0.0/8 and ::1 (and v4-mapped loopback).
    public var isLoopbackPeer: Bool {
        guard let address = remoteAddress?.ipAddress else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
