/// Lab tables that stand in for what Route 53 measures or buys (RP-07…RP-10, LAB-02): which
/// region, location and coordinates a client network has, and the CIDR collections of IP-based
/// routing. The client is the EDNS Client Subnet when present, else the resolver address (DNS-09).
public struct ClientRoutingTables: Sendable, Hashable {
    /// Client networks, matched by longest prefix.
    public var networks: [ClientNetwork]
    /// Latency order for clients that match no network (RP-07 lab rule); empty = Region name order.
    public var defaultLatencyOrder: [String]
    /// CIDR collections for IP-based routing (RP-10), by `CollectionId`.
    public var cidrCollections: [CidrCollection]

    public init(networks: [ClientNetwork] = [], defaultLatencyOrder: [String] = [], cidrCollections: [CidrCollection] = []) {
        self.networks = networks
        self.defaultLatencyOrder = defaultLatencyOrder
        self.cidrCollections = cidrCollections
    }

    public static let empty = ClientRoutingTables()
}

/// What the lab knows about one client network.
public struct ClientNetwork: Sendable, Hashable {
    public var block: CIDRBlock
    /// Latency regions from nearest to farthest (RP-07).
    public var latencyOrder: [String]
    /// Geolocation (RP-08): continent (AF, AN, AS, EU, OC, NA, SA), ISO country, US subdivision.
    public var continentCode: String?
    public var countryCode: String?
    public var subdivisionCode: String?
    /// Geoproximity (RP-09): decimal degrees.
    public var latitude: Double?
    public var longitude: Double?

    public init(block: CIDRBlock, latencyOrder: [String] = [], continentCode: String? = nil, countryCode: String? = nil,
                subdivisionCode: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.block = block
        self.latencyOrder = latencyOrder
        self.continentCode = continentCode
        self.countryCode = countryCode
        self.subdivisionCode = subdivisionCode
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// A CIDR collection (RP-10): named locations, each a list of blocks.
public struct CidrCollection: Sendable, Hashable {
    public var id: String
    public var name: String
    public var locations: [String: [CIDRBlock]]

    public init(id: String, name: String, locations: [String: [CIDRBlock]]) {
        self.id = id
        self.name = name
        self.locations = locations
    }
}

/// An IPv4 or IPv6 prefix. `address` is 4 or 16 bytes with the bits past `prefixLength` zero.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public var address: [UInt8]
    public var prefixLength: Int

    public init(address: [UInt8], prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    public var isIPv6: Bool { address.count == 16 }

    /// True when `other` (an address, or a client subnet of `otherPrefix` bits) lies inside this
    /// block. A client subnet shorter than the block does not match (RP-10).
    public func contains(_ other: [UInt8], prefixLength otherPrefix: Int? = nil) -> Bool {
        guard other.count == address.count else { return false }
        if let otherPrefix, otherPrefix < prefixLength { return false }
        var remaining = prefixLength
        var index = 0
        while remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if other[index] & mask != address[index] & mask { return false }
            remaining -= 8
            index += 1
        }
        return true
    }

    public var description: String {
        if isIPv6 {
            var groups: [String] = []
            for i in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(address[i]) << 8 | UInt16(address[i + 1]), radix: 16))
            }
            return groups.joined(separator: ":") + "/\(prefixLength)"
        }
        return address.map(String.init).joined(separator: ".") + "/\(prefixLength)"
    }
}
