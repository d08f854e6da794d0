/// A host and port the DNS server binds (IPv4 literal, IPv6 literal or `localhost`); port 0 = ephemeral.
public struct ListenEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:5353`, `[::1]:5353`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// One socket the server has bound, as printed on start (`dns udp 127.0.0.1:40123`).
public struct BoundListener: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable { case udp, tcp }
    public var transport: Transport
    public var endpoint: ListenEndpoint

    public var description: String { "dns \(transport.rawValue) \(endpoint)" }
}
