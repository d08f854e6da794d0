import DNSWire

extension Route53Message {
    /// RP-01 [O]: a simple record set where a policy group exists.
    public static func simpleConflictsWithGroup(name: DomainName, type: RRType) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created as other RRSets exist with the same name and type."
    }

    /// RP-01 [O]: a policy record set where a simple one exists ("non-weighted", and [L] the other kinds).
    /// Latency and geolocation have their own shapes (`nonLatencyExists`, `nonGeoExists`).
    public static func policyConflicts(name: DomainName, type: RRType, setIdentifier: String,
                                       kind: RoutingPolicy.Kind) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type), SetIdentifier \(setIdentifier) cannot be created as a non-\(kind.messageWord) set exists with the same name and type."
    }

    /// RP-01 [O].
    public static func nonLatencyExists(name: DomainName, type: RRType, setIdentifier: String, region: String) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type), SetIdentifier \(setIdentifier), and Region Name=\(region) cannot be created because a non-latency RRSet with the same name and type already exists."
    }

    /// RP-01 [O].
    public static func nonGeoExists(name: DomainName, type: RRType, setIdentifier: String, location: GeoLocation) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type), SetIdentifier \(setIdentifier), and routing to \(location.routingDescription) cannot be created because a non-GEO RRSet with the same name and type already exists"
    }

    /// RP-01 [L]: a second member of a group claiming a slot that must be unique (a second PRIMARY,
    /// a second record for one latency Region, geolocation or CIDR location).
    public static func duplicateRoutingSlot(name: DomainName, type: RRType, setIdentifier: String, slot: String) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type), SetIdentifier \(setIdentifier) cannot be created because another RRSet with the same name and type already uses \(slot)."
    }

    /// RP-10 [L]: IP-based members must share one CIDR collection.
    public static func cidrCollectionMismatch(name: DomainName, type: RRType, setIdentifier: String) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type), SetIdentifier \(setIdentifier) cannot be created because all IP-based RRSets with the same name and type must use the same CIDR collection."
    }

    /// HZ-17 [L]: too many policy record sets for one (Name, Type).
    public static func groupTooLarge(name: DomainName, type: RRType, limit: Int) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created because at most \(limit) RRSets with the same name and type are allowed for this routing policy."
    }

    /// RP-06 [L]: multivalue answer excludes NS and CNAME.
    public static func multivalueType(name: DomainName, type: RRType) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created as a multivalue answer RRSet: type \(type) is not supported for multivalue answer."
    }

    /// AL-03 / RP-06 [L]: multivalue answer records cannot be aliases.
    public static func multivalueAlias(name: DomainName, type: RRType) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created as a multivalue answer alias: multivalue answer RRSets cannot be aliases."
    }

    /// HZ-14 [L]: geoproximity and IP-based routing exist for public zones only.
    public static func publicZoneOnly(name: DomainName, type: RRType, kind: RoutingPolicy.Kind) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created in a private hosted zone: \(kind.messageWord) routing is available for public hosted zones only."
    }
}

extension RoutingPolicy.Kind {
    /// The word AWS uses in policy messages (`non-weighted`, `non-latency`, `non-GEO`).
    var messageWord: String {
        switch self {
        case .simple: "simple"
        case .weighted: "weighted"
        case .failover: "failover"
        case .multivalue: "multivalue answer"
        case .latency: "latency"
        case .geolocation: "GEO"
        case .geoproximity: "geoproximity"
        case .cidr: "IP-based"
        }
    }
}

extension GeoLocation {
    /// RP-01 message form: `[continent = (NA, North America)]`, `[country = (US)]`,
    /// `[country = (US), subdivision = (CA)]`.
    public var routingDescription: String {
        var parts: [String] = []
        if let continentCode {
            let name = GeoLocation.continents[continentCode].map { ", \($0)" } ?? ""
            parts.append("continent = (\(continentCode)\(name))")
        }
        if let countryCode { parts.append("country = (\(countryCode))") }
        if let subdivisionCode { parts.append("subdivision = (\(subdivisionCode))") }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// Continent codes and names (RP-08).
    public static let continents: [String: String] = [
        "AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe", "OC": "Oceania",
        "NA": "North America", "SA": "South America",
    ]
}
