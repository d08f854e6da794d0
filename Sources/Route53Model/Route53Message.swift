import DNSWire

/// The catalogue of Route 53 error messages (API-06), verbatim where AWS's text is known [O] and in
/// the same shape where the lab had to choose one [L]. Names are printed in the API's output form
/// (RR-03: lower case, trailing dot, `\ooo` octal escapes) so a wildcard reads `\052.example.com.`.
public enum Route53Message {
    /// RR-02 [O].
    public static func notPermittedInZone(name: DomainName, zone: DomainName) -> String {
        "RRSet with DNS name \(name.route53Description) is not permitted in zone \(zone.route53Description)"
    }

    /// RR-11 [O]: CNAME (plain or alias) at the apex.
    public static func cnameAtApex(zone: DomainName) -> String {
        "RRSet of type CNAME with DNS name \(zone.route53Description) is not permitted at apex in zone \(zone.route53Description)"
    }

    /// RR-11 [O]: a CNAME added where other types exist.
    public static func cnameConflicts(name: DomainName, zone: DomainName) -> String {
        "RRSet of type CNAME with DNS name \(name.route53Description) is not permitted as it conflicts with other records with the same DNS name in zone \(zone.route53Description)"
    }

    /// RR-11 [O]: another type added where a CNAME exists.
    public static func conflictsWithCNAME(type: RRType, name: DomainName, zone: DomainName) -> String {
        "RRSet of type \(type) with DNS name \(name.route53Description) is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone \(zone.route53Description)"
    }

    /// RR-11 [L]: a CNAME record set must hold exactly one value.
    public static func cnameSingleValue(name: DomainName) -> String {
        "RRSet of type CNAME with DNS name \(name.route53Description) must contain exactly one resource record"
    }

    /// RR-14 [O].
    public static func alreadyExists(name: DomainName, type: RRType, setIdentifier: String?) -> String {
        "Tried to create resource record set [name='\(name.route53Description)', type='\(type)'\(identifierPart(setIdentifier))] but it already exists"
    }

    /// API-06 [O]: DELETE of a record set that is absent.
    public static func notFoundForDelete(name: DomainName, type: RRType, setIdentifier: String?) -> String {
        "Tried to delete resource record set [name='\(name.route53Description)', type='\(type)'\(identifierPart(setIdentifier))] but it was not found"
    }

    /// API-06 [O]: DELETE whose data differs from the stored record set.
    public static func deleteMismatch(name: DomainName, type: RRType, setIdentifier: String?) -> String {
        "Tried to delete resource record set [name='\(name.route53Description)', type='\(type)'\(identifierPart(setIdentifier))] but the values provided do not match the current values"
    }

    /// RR-10 [O].
    public static func duplicateValue(_ value: String) -> String {
        "Duplicate Resource Record: '\(value)'"
    }

    /// RR-15 [O] shape: `Invalid Resource Record: 'FATAL problem: <Code> (<description>) encountered with '<value>''`.
    public static func invalidValue(code: String, description: String, value: String) -> String {
        "Invalid Resource Record: 'FATAL problem: \(code) (\(description)) encountered with '\(value)''"
    }

    /// RR-12 [O].
    public static let exactlyOneSOA = "A HostedZone must contain exactly one SOA record."
    /// RR-12 [O].
    public static let apexNSRequired = "A HostedZone must contain at least one NS record for the zone itself."

    /// RR-12 [L]: SOA below the apex (Open question 17).
    public static func soaNotAtApex(name: DomainName, zone: DomainName) -> String {
        "RRSet of type SOA with DNS name \(name.route53Description) is not permitted because SOA records are only permitted at apex in zone \(zone.route53Description)"
    }

    /// RR-04 [L]: wildcard NS (Open question 17).
    public static func wildcardNS(name: DomainName, zone: DomainName) -> String {
        "RRSet of type NS with DNS name \(name.route53Description) is not permitted because wildcard NS records are not supported in zone \(zone.route53Description)"
    }

    /// RR-13 [L]: NS record sets use simple routing only.
    public static func nsNotSimple(name: DomainName, zone: DomainName) -> String {
        "RRSet of type NS with DNS name \(name.route53Description) is not permitted because NS records support simple routing only in zone \(zone.route53Description)"
    }

    /// RR-07 [O]: TTL/ResourceRecords vs AliasTarget. `found` is `none` or `more than one`.
    public static func expectedExactlyOne(found: String, action: String, name: DomainName, type: RRType,
                                          setIdentifier: String?) -> String {
        "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found \(found) in Change with [Action=\(action), Name=\(name.route53Description), Type=\(type), SetIdentifier=\(setIdentifier ?? "null")]"
    }

    /// RR-08 [O].
    public static func weightedTTL(name: DomainName, type: RRType, setIdentifier: String) -> String {
        "RRSet with DNS name \(name.route53Description) and type \(type), SetIdentifier \(setIdentifier) cannot be created as weighted sets must contain the same TTL."
    }

    /// RP-01 [O] `Invalid request`, for SetIdentifier/policy-field mismatches.
    public static let invalidRequest = "Invalid request"

    /// XML-schema enumeration failure [O shape, see API-06 "bad Action"].
    public static func notInEnumeration(_ value: String, _ allowed: [String]) -> String {
        "Invalid XML ; cvc-enumeration-valid: Value '\(value)' is not facet-valid with respect to enumeration '[\(allowed.joined(separator: ", "))]'. It must be a value from the enumeration."
    }

    /// XML-schema upper-bound failure [L, same shape as the enumeration message].
    public static func aboveMaximum(_ value: String, maximum: String, type: String) -> String {
        "Invalid XML ; cvc-maxInclusive-valid: Value '\(value)' is not facet-valid with respect to maxInclusive '\(maximum)' for type '\(type)'."
    }

    /// XML-schema length failure [L, same shape].
    public static func tooLong(_ value: String, maximum: Int, type: String) -> String {
        "Invalid XML ; cvc-maxLength-valid: Value '\(value)' with length = '\(value.count)' is not facet-valid with respect to maxLength '\(maximum)' for type '\(type)'."
    }

    private static func identifierPart(_ setIdentifier: String?) -> String {
        setIdentifier.map { ", set-identifier='\($0)'" } ?? ""
    }
}
