/// One socket the server has bound, as printed on start (`dns udp 127.0.0.1:40123`).
public struct BoundListener: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable { case udp, tcp }
    public var transport: Transport
    public var endpoint: ListenAddress

    public var description: String { "dns \(transport.rawValue) \(endpoint)" }
}
