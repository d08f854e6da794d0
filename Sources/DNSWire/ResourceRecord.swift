/// One resource record with its RDATA in uncompressed wire form.
///
/// Names inside RDATA (NS, CNAME, MX, SOA, …) are stored uncompressed; a writer may compress
/// them for the well-known types of RFC 3597 §4.
public struct ResourceRecord: Sendable, Hashable {
    public var name: DomainName
    public var type: RRType
    public var rrClass: RRClass
    public var ttl: UInt32
    public var rdata: [UInt8]

    public init(name: DomainName, type: RRType, rrClass: RRClass = .in, ttl: UInt32, rdata: [UInt8]) {
        self.name = name
        self.type = type
        self.rrClass = rrClass
        self.ttl = ttl
        self.rdata = rdata
    }
}
