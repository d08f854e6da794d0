import DNSWire

/// The rules that concern one record set on its own (RR-02…RR-13, RP-01 field rules, AL-01…AL-03).
/// Rules that relate record sets to each other live in `ZoneValidator`, which calls this.
public enum RecordSetValidator {
    /// Values per record set (RR-09).
    public static let maximumValues = 400
    /// SetIdentifier length (RP-01).
    public static let maximumSetIdentifierLength = 128
    /// HealthCheckId length (API model).
    public static let maximumHealthCheckIdLength = 64
    /// AliasTarget.HostedZoneId length (AL-01).
    public static let maximumHostedZoneIdLength = 32

    /// Every problem of `set` as a member of zone `zone`. `action` only fills the RR-07 message.
    public static func validate(_ set: ResourceRecordSet, zone: DomainName, isPrivate: Bool = false,
                                action: String = "CREATE") -> [ValidationIssue] {
        // RR-02: outside the zone nothing else is worth saying.
        guard set.name.isSubdomain(of: zone) else {
            return [ValidationIssue(message: Route53Message.notPermittedInZone(name: set.name, zone: zone), field: "Name")]
        }
        guard set.type.isRoute53Type else {
            return [ValidationIssue(code: Route53Error.invalidInput,
                                    message: Route53Message.notInEnumeration(set.type.description, RRType.route53Types.map(\.description)),
                                    field: "Type")]
        }
        var issues = shapeIssues(set, action: action)
        issues += valueIssues(set)
        issues += typeIssues(set, zone: zone)
        issues += routingIssues(set, isPrivate: isPrivate)
        return issues
    }

    /// RR-07 and the length limits of identifiers.
    static func shapeIssues(_ set: ResourceRecordSet, action: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let hasData = set.ttl != nil || !set.records.isEmpty
        if set.isAlias && hasData || !set.isAlias && (set.ttl == nil || set.records.isEmpty) {
            let found = set.isAlias ? "more than one" : "none"
            let detail = set.isAlias
                ? "an alias record set has no TTL and no ResourceRecords"
                : "a non-alias record set needs both TTL and at least one ResourceRecord"
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: Route53Message.expectedExactlyOne(found: found, action: action, name: set.name,
                                                                                     type: set.type, setIdentifier: set.setIdentifier),
                                          detail: detail))
        }
        if let ttl = set.ttl, Int64(ttl) > RecordSetText.maximumTTL {
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: Route53Message.aboveMaximum(String(ttl), maximum: String(RecordSetText.maximumTTL), type: "TTL"),
                                          field: "TTL"))
        }
        if let identifier = set.setIdentifier, identifier.isEmpty || identifier.count > maximumSetIdentifierLength {
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: identifier.isEmpty ? Route53Message.invalidRequest
                                              : Route53Message.tooLong(identifier, maximum: maximumSetIdentifierLength, type: "ResourceRecordSetIdentifier"),
                                          field: "SetIdentifier", detail: "SetIdentifier must be 1 to 128 characters long"))
        }
        if let healthCheckId = set.healthCheckId, healthCheckId.isEmpty || healthCheckId.count > maximumHealthCheckIdLength {
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: Route53Message.tooLong(healthCheckId, maximum: maximumHealthCheckIdLength, type: "HealthCheckId"),
                                          field: "HealthCheckId", detail: "HealthCheckId must be 1 to 64 characters long"))
        }
        if let alias = set.aliasTarget, alias.hostedZoneId.isEmpty || alias.hostedZoneId.count > maximumHostedZoneIdLength {
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: Route53Message.tooLong(alias.hostedZoneId, maximum: maximumHostedZoneIdLength, type: "ResourceId"),
                                          field: "AliasTarget.HostedZoneId", detail: "HostedZoneId must be 1 to 32 characters long"))
        }
        return issues
    }

    /// RR-09 count and RR-10 duplicates.
    static func valueIssues(_ set: ResourceRecordSet) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if set.records.count > maximumValues {
            issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                          message: "Invalid request: RRSet with DNS name \(set.name.route53Description), type \(set.type) has \(set.records.count) resource records; at most \(maximumValues) are allowed",
                                          field: "ResourceRecords"))
        }
        // One value cannot repeat: skip the set (most record sets of a large zone have one value).
        guard set.records.count > 1 else { return issues }
        var seen = Set<[UInt8]>()
        for (index, value) in set.records.enumerated() where !seen.insert(value.rdata).inserted {
            issues.append(ValidationIssue(message: Route53Message.duplicateValue(value.text), field: "ResourceRecords[\(index)].Value"))
        }
        return issues
    }

    /// CNAME (RR-11), SOA (RR-12), NS (RR-04, RR-13) and alias-type (AL-02, AL-03) rules.
    static func typeIssues(_ set: ResourceRecordSet, zone: DomainName) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let atApex = set.name == zone
        switch set.type {
        case .cname:
            if atApex {
                issues.append(ValidationIssue(message: Route53Message.cnameAtApex(zone: zone)))
            }
            if !set.isAlias && set.records.count > 1 {
                issues.append(ValidationIssue(message: Route53Message.cnameSingleValue(name: set.name), field: "ResourceRecords"))
            }
        case .soa:
            if !atApex {
                issues.append(ValidationIssue(message: Route53Message.soaNotAtApex(name: set.name, zone: zone)))
            } else if !set.isAlias && set.records.count > 1 {
                issues.append(ValidationIssue(message: Route53Message.exactlyOneSOA, field: "ResourceRecords"))
            }
            if set.routing != .simple {
                issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                                              detail: "an SOA record set uses simple routing only"))
            }
        case .ns:
            if set.name.isWildcard {
                issues.append(ValidationIssue(message: Route53Message.wildcardNS(name: set.name, zone: zone)))
            }
            if set.routing != .simple {
                issues.append(ValidationIssue(message: Route53Message.nsNotSimple(name: set.name, zone: zone)))
            }
        default:
            break
        }
        if set.isAlias && (set.type == .ns || set.type == .soa) {
            issues.append(ValidationIssue(message: Route53Message.aliasTypeNotAllowed(name: set.name, type: set.type), field: "AliasTarget"))
        }
        return issues
    }
}
