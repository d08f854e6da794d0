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
        remoteAddress?.ipAddress.map(Self.isLoopback) ?? false
    }

    public static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.lowercased().hasPrefix("::ffff:127.")
    }
}
