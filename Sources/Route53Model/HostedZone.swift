import DNSWire

/// A hosted zone (spec §1) with its record sets.
public struct HostedZone: Sendable, Hashable {
    /// Bare ID, `Z` + upper-case letters/digits (HZ-18).
    public var id: String
    /// Absolute, lower-cased zone name (HZ-12).
    public var name: DomainName
    public var callerReference: String
    public var comment: String?
    /// Private zones are modelled only (HZ-05, HZ-14); they are not served.
    public var isPrivate: Bool
    public var delegationSet: DelegationSet
    /// Every record set of the zone, including the apex SOA and NS (HZ-01).
    public var recordSets: [ResourceRecordSet]
    /// The VPCs a private zone is associated with (HZ-14); empty for public zones.
    public var vpcs: [VPCAssociation] = []

    public init(id: String, name: DomainName, callerReference: String, comment: String? = nil, isPrivate: Bool = false,
                delegationSet: DelegationSet, recordSets: [ResourceRecordSet]) {
        self.id = id
        self.name = name
        self.callerReference = callerReference
        self.comment = comment
        self.isPrivate = isPrivate
        self.delegationSet = delegationSet
        self.recordSets = recordSets
    }
}

/// The four name servers of a zone (HZ-06, HZ-08). `id` is set only for a reusable set (HZ-10).
public struct DelegationSet: Sendable, Hashable {
    public var id: String?
    public var callerReference: String?
    /// Absolute names in their stored (stable) order.
    public var nameServers: [DomainName]

    public init(id: String? = nil, callerReference: String? = nil, nameServers: [DomainName]) {
        self.id = id
        self.callerReference = callerReference
        self.nameServers = nameServers
    }
}

/// A `VPC` element (`VPCRegion`, `VPCId`) of a private hosted zone (HZ-14). The lab records it and
/// echoes it; it does not model VPCs otherwise.
public struct VPCAssociation: Sendable, Hashable, Codable {
    public var region: String
    public var id: String

    public init(region: String, id: String) {
        self.region = region
        self.id = id
    }
}
