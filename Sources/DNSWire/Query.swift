/// What the data plane needs to know about an incoming query, parsed from the wire without
/// allocation beyond the question name (RFC 1035 §4.1, RFC 6891 for EDNS).
public struct Query: Sendable {
    public var id: UInt16
    public var opcode: Opcode
    /// RD bit as received; copied to the response (DNS-01).
    public var recursionDesired: Bool
    /// CD bit as received (RFC 4035 §3.2.2); copied to the response.
    public var checkingDisabled: Bool
    /// The question name exactly as received (case preserved for the echo, DNS-01).
    public var name: DomainName
    public var type: RRType
    public var rrClass: RRClass
    /// EDNS(0) information when the query carried an OPT record.
    public var edns: EDNS?

    public init(id: UInt16, opcode: Opcode = .query, recursionDesired: Bool = false, checkingDisabled: Bool = false,
                name: DomainName, type: RRType, rrClass: RRClass = .in, edns: EDNS? = nil) {
        self.id = id
        self.opcode = opcode
        self.recursionDesired = recursionDesired
        self.checkingDisabled = checkingDisabled
        self.name = name
        self.type = type
        self.rrClass = rrClass
        self.edns = edns
    }
}

/// The OPT pseudo-record of a query (RFC 6891 §6).
public struct EDNS: Sendable, Hashable {
    /// Requestor's UDP payload size; values below 512 are treated as 512 (RFC 6891 §6.2.3).
    public var udpPayloadSize: UInt16
    public var version: UInt8
    /// DO bit (RFC 3225).
    public var dnssecOK: Bool
    /// EDNS Client Subnet (RFC 7871) when present and well-formed.
    public var clientSubnet: ClientSubnet?

    public init(udpPayloadSize: UInt16 = 1232, version: UInt8 = 0, dnssecOK: Bool = false, clientSubnet: ClientSubnet? = nil) {
        self.udpPayloadSize = udpPayloadSize
        self.version = version
        self.dnssecOK = dnssecOK
        self.clientSubnet = clientSubnet
    }
}

/// EDNS Client Subnet option (RFC 7871 §6). `address` holds the significant bytes, zero-padded
/// to the full family length (4 or 16 bytes).
public struct ClientSubnet: Sendable, Hashable {
    public var family: UInt16
    public var sourcePrefixLength: UInt8
    public var scopePrefixLength: UInt8
    public var address: [UInt8]

    public init(family: UInt16, sourcePrefixLength: UInt8, scopePrefixLength: UInt8 = 0, address: [UInt8]) {
        self.family = family
        self.sourcePrefixLength = sourcePrefixLength
        self.scopePrefixLength = scopePrefixLength
        self.address = address
    }
}
