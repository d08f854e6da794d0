/// One entry of the question section (RFC 1035 §4.1.2).
public struct Question: Sendable, Hashable, CustomStringConvertible {
    /// The name as received (letter case preserved).
    public var name: DomainName
    public var type: RRType
    public var rrClass: RRClass

    public init(name: DomainName, type: RRType, rrClass: RRClass = .in) {
        self.name = name
        self.type = type
        self.rrClass = rrClass
    }

    public var description: String { "\(name) \(rrClass) \(type)" }
}
