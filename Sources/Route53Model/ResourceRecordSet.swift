import DNSWire

/// A Route 53 resource record set (RR-01): identified by (name, type, setIdentifier).
///
/// Either `records` (with `ttl`) or `aliasTarget` is present, never both (RR-07, AL-01).
///
/// Storage: a zone may hold a million simple record sets (issue 6, scale), so the fields only
/// policy, alias and health-checked sets use live in one shared `Extras` box that simple sets
/// leave out (~40 instead of ~180 bytes inline). The box is immutable and replaced on every
/// change, so copies keep value semantics; equality and hashing are over the logical fields.
public struct ResourceRecordSet: Sendable, Hashable {
    // Stored in this order (references first, then the 5-byte TTL and the type) so a set is 32
    // bytes, not 40: ~8 MB of a million-set zone (issue 6, scale).
    /// Absolute, lower-cased owner name (RR-02).
    public var name: DomainName
    /// The values in order of submission.
    public var records: [RecordValue]
    /// Nil exactly when there is no alias target, set identifier or health check and routing is simple.
    private var extras: Extras?
    /// Required for non-alias sets, absent for alias sets (RR-07).
    public var ttl: UInt32?
    public var type: RRType

    private final class Extras: Sendable {
        let aliasTarget: AliasTarget?
        let setIdentifier: String?
        let routing: RoutingPolicy
        let healthCheckId: String?

        init(aliasTarget: AliasTarget?, setIdentifier: String?, routing: RoutingPolicy, healthCheckId: String?) {
            self.aliasTarget = aliasTarget
            self.setIdentifier = setIdentifier
            self.routing = routing
            self.healthCheckId = healthCheckId
        }
    }

    public init(name: DomainName, type: RRType, ttl: UInt32? = nil, records: [RecordValue] = [],
                aliasTarget: AliasTarget? = nil, setIdentifier: String? = nil,
                routing: RoutingPolicy = .simple, healthCheckId: String? = nil) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.records = records
        self.extras = Self.extras(aliasTarget: aliasTarget, setIdentifier: setIdentifier, routing: routing, healthCheckId: healthCheckId)
    }

    private static func extras(aliasTarget: AliasTarget?, setIdentifier: String?, routing: RoutingPolicy,
                               healthCheckId: String?) -> Extras? {
        if aliasTarget == nil, setIdentifier == nil, routing == .simple, healthCheckId == nil { return nil }
        return Extras(aliasTarget: aliasTarget, setIdentifier: setIdentifier, routing: routing, healthCheckId: healthCheckId)
    }

    public var aliasTarget: AliasTarget? {
        get { extras?.aliasTarget }
        set { extras = Self.extras(aliasTarget: newValue, setIdentifier: setIdentifier, routing: routing, healthCheckId: healthCheckId) }
    }

    /// Absent for simple routing (RP-01).
    public var setIdentifier: String? {
        get { extras?.setIdentifier }
        set { extras = Self.extras(aliasTarget: aliasTarget, setIdentifier: newValue, routing: routing, healthCheckId: healthCheckId) }
    }

    public var routing: RoutingPolicy {
        get { extras?.routing ?? .simple }
        set { extras = Self.extras(aliasTarget: aliasTarget, setIdentifier: setIdentifier, routing: newValue, healthCheckId: healthCheckId) }
    }

    public var healthCheckId: String? {
        get { extras?.healthCheckId }
        set { extras = Self.extras(aliasTarget: aliasTarget, setIdentifier: setIdentifier, routing: routing, healthCheckId: newValue) }
    }

    public var isAlias: Bool { extras?.aliasTarget != nil }

    /// False for a simple set: no alias target, SetIdentifier or health check, simple routing.
    public var hasExtras: Bool { extras != nil }

    public static func == (lhs: ResourceRecordSet, rhs: ResourceRecordSet) -> Bool {
        guard lhs.name == rhs.name, lhs.type == rhs.type, lhs.ttl == rhs.ttl, lhs.records == rhs.records else { return false }
        if lhs.extras === rhs.extras { return true }
        return lhs.aliasTarget == rhs.aliasTarget && lhs.setIdentifier == rhs.setIdentifier && lhs.routing == rhs.routing
            && lhs.healthCheckId == rhs.healthCheckId
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(type)
        hasher.combine(ttl)
        hasher.combine(records)
        hasher.combine(aliasTarget)
        hasher.combine(setIdentifier)
        hasher.combine(routing)
        hasher.combine(healthCheckId)
    }
}

/// One `ResourceRecord/Value`: the text as Route 53 shows it and the RDATA it encodes to.
public struct RecordValue: Sendable, Hashable {
    /// Presentation text, e.g. `10 mail.example.com.` or `"v=spf1 -all"`.
    public var text: String
    /// Uncompressed wire RDATA.
    public var rdata: [UInt8]

    public init(text: String, rdata: [UInt8]) {
        self.text = text
        self.rdata = rdata
    }
}

/// `AliasTarget` (AL-01). Same-zone targets only are resolved by the engine (AL-02).
public struct AliasTarget: Sendable, Hashable {
    /// Bare hosted-zone ID, no `/hostedzone/` prefix.
    public var hostedZoneId: String
    /// Absolute, lower-cased target name.
    public var dnsName: DomainName
    public var evaluateTargetHealth: Bool

    public init(hostedZoneId: String, dnsName: DomainName, evaluateTargetHealth: Bool) {
        self.hostedZoneId = hostedZoneId
        self.dnsName = dnsName
        self.evaluateTargetHealth = evaluateTargetHealth
    }
}

/// The routing policy, decided by which field is present (RP-01).
public enum RoutingPolicy: Sendable, Hashable {
    case simple
    case weighted(weight: UInt8)
    case failover(FailoverRole)
    case multivalue
    case latency(region: String)
    case geolocation(GeoLocation)
    case geoproximity(GeoProximityLocation)
    case cidr(CidrRoutingConfig)

    /// The policy family, for the "one policy per (Name, Type)" rule (RP-01).
    public var kind: Kind {
        switch self {
        case .simple: .simple
        case .weighted: .weighted
        case .failover: .failover
        case .multivalue: .multivalue
        case .latency: .latency
        case .geolocation: .geolocation
        case .geoproximity: .geoproximity
        case .cidr: .cidr
        }
    }

    public enum Kind: String, Sendable, Hashable {
        case simple, weighted, failover, multivalue, latency, geolocation, geoproximity, cidr
    }
}

/// `Failover` (RP-05).
public enum FailoverRole: String, Sendable, Hashable {
    case primary = "PRIMARY"
    case secondary = "SECONDARY"
}

/// `GeoLocation` (RP-08). `countryCode == "*"` is the default location.
public struct GeoLocation: Sendable, Hashable {
    public var continentCode: String?
    public var countryCode: String?
    public var subdivisionCode: String?

    public init(continentCode: String? = nil, countryCode: String? = nil, subdivisionCode: String? = nil) {
        self.continentCode = continentCode
        self.countryCode = countryCode
        self.subdivisionCode = subdivisionCode
    }
}

/// `GeoProximityLocation` (RP-09): exactly one of region, local-zone group or coordinates.
public struct GeoProximityLocation: Sendable, Hashable {
    public var awsRegion: String?
    public var localZoneGroup: String?
    /// Decimal degrees as the API strings them (`"-90".."90"`, ≤ 2 decimals).
    public var latitude: String?
    public var longitude: String?
    /// −99…99.
    public var bias: Int?

    public init(awsRegion: String? = nil, localZoneGroup: String? = nil, latitude: String? = nil,
                longitude: String? = nil, bias: Int? = nil) {
        self.awsRegion = awsRegion
        self.localZoneGroup = localZoneGroup
        self.latitude = latitude
        self.longitude = longitude
        self.bias = bias
    }
}

/// `CidrRoutingConfig` (RP-10).
public struct CidrRoutingConfig: Sendable, Hashable {
    public var collectionId: String
    public var locationName: String

    public init(collectionId: String, locationName: String) {
        self.collectionId = collectionId
        self.locationName = locationName
    }
}

extension ResourceRecordSet {
    /// Starts loading the name bytes and the value array of `sets[index]`, if there is one, without
    /// retaining them (`MemoryHint`): for loops over a million sets (issue 6, scale).
    @inline(__always)
    public static func prefetchObjects(_ sets: UnsafeBufferPointer<ResourceRecordSet>, at index: Int) {
        guard index < sets.count, let base = sets.baseAddress else { return }
        let element = UnsafeRawPointer(base + index)
        MemoryHint.prefetchObject(referencedAt: element + nameOffset)
        MemoryHint.prefetchObject(referencedAt: element + recordsOffset)
    }

    private static let nameOffset = MemoryLayout<ResourceRecordSet>.offset(of: \.name)!
    private static let recordsOffset = MemoryLayout<ResourceRecordSet>.offset(of: \.records)!
}
