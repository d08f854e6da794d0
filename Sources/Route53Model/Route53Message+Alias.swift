import DNSWire

extension Route53Message {
    /// AL-04 [O]: the target name is outside the target zone.
    public static func aliasOutsideTargetZone(target: DomainName, type: RRType, zoneId: String) -> String {
        "Tried to create an alias that targets \(target.route53Description), type \(type) in zone \(zoneId), but the alias target name does not lie within the target zone"
    }

    /// AL-04 [O]: the target record set does not exist.
    public static func aliasTargetNotFound(target: DomainName, type: RRType, zoneId: String) -> String {
        "Tried to create an alias that targets \(target.route53Description), type \(type) in zone \(zoneId), but that target was not found"
    }

    /// AL-08 [L]: the alias chain returns to its start.
    public static func aliasLoop(target: DomainName, type: RRType, zoneId: String, chain: [DomainName]) -> String {
        let path = chain.map(\.route53Description).joined(separator: " -> ")
        return "Tried to create an alias that targets \(target.route53Description), type \(type) in zone \(zoneId), but the alias chain forms a loop (\(path))"
    }

    /// AL-08 [L]: the alias chain is longer than the evaluation depth cap.
    public static func aliasTooDeep(target: DomainName, type: RRType, zoneId: String, limit: Int) -> String {
        "Tried to create an alias that targets \(target.route53Description), type \(type) in zone \(zoneId), but the alias chain is longer than \(limit) aliases"
    }

    /// AL-02 [L]: NS and SOA record sets cannot be aliases.
    public static func aliasTypeNotAllowed(name: DomainName, type: RRType) -> String {
        "RRSet with DNS name \(name.route53Description), type \(type) cannot be created as an alias: alias records of type \(type) are not supported."
    }
}
