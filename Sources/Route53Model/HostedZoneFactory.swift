import DNSWire

/// Creates hosted zones the way CreateHostedZone does: name checks (HZ-12), an ID (HZ-18), four
/// name servers (HZ-06…HZ-09) and the apex NS and SOA record sets (HZ-01…HZ-03, HZ-05).
///
/// Every random choice comes from generators seeded with `StableHash.seed(seed, name, callerReference)`,
/// so one configuration yields the same zone IDs and name servers on every start (LAB-04).
public enum HostedZoneFactory {
    /// TTL of the apex NS record set (HZ-02).
    public static let nameServerTTL: UInt32 = 172_800
    /// TTL of the apex SOA record set (HZ-03).
    public static let soaTTL: UInt32 = 900
    /// SOA RNAME (HZ-03).
    public static let hostmaster = try! DomainName("awsdns-hostmaster.amazon.com.")
    /// SOA SERIAL REFRESH RETRY EXPIRE MINIMUM (HZ-03).
    public static let soaTimers: [UInt32] = [1, 7200, 900, 1_209_600, 86400]

    /// Builds a zone with its generated apex NS and SOA.
    ///
    /// - Parameters:
    ///   - id: the bare zone ID to use (validated per HZ-18); generated from the seed when nil.
    ///   - existing: the zones that already exist; used for CallerReference uniqueness (HZ-11),
    ///     ID uniqueness and name-server separation (HZ-09).
    ///   - seed: the global seed (config `Server.Seed`).
    public static func makeZone(name: DomainName, callerReference: String, comment: String? = nil,
                                isPrivate: Bool = false, id: String? = nil, existing: [HostedZone] = [],
                                seed: UInt64) throws(Route53Error) -> HostedZone {
        let zoneName = name.lowercased()
        try validateZoneName(zoneName)
        guard (1...128).contains(callerReference.count) else {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: "CallerReference must be between 1 and 128 characters long.")
        }
        if let comment, comment.count > 256 {
            throw Route53Error(code: Route53Error.invalidInput,
                               message: Route53Message.tooLong(comment, maximum: 256, type: "ResourceDescription"))
        }
        if existing.contains(where: { $0.callerReference == callerReference }) {
            // HZ-11 [O].
            throw Route53Error(code: "HostedZoneAlreadyExists",
                               message: "A hosted zone has already been created with the specified caller reference.")
        }
        let existingIds = Set(existing.map(\.id))
        let zoneId: String
        if let id {
            guard isValidZoneId(id) else {
                throw Route53Error(code: Route53Error.invalidInput,
                                   message: "Invalid hosted zone ID \(id): an ID is Z followed by 1 to 31 upper-case letters or digits.")
            }
            guard !existingIds.contains(id) else {
                throw Route53Error(code: Route53Error.invalidInput, message: "A hosted zone with ID \(id) already exists.")
            }
            zoneId = id
        } else {
            var generator = SeededGenerator(seed: StableHash.seed(seed, "hosted-zone-id", zoneName.description, callerReference))
            var candidate = makeZoneId(using: &generator)
            while existingIds.contains(candidate) { candidate = makeZoneId(using: &generator) }
            zoneId = candidate
        }
        let nameServers: [DomainName]
        if isPrivate {
            nameServers = NameServerAllocator.privateZoneNameServers
        } else {
            var generator = SeededGenerator(seed: StableHash.seed(seed, "name-servers", zoneName.description, callerReference))
            // Private zones are not served by the shared name servers, so only public zones constrain.
            let others = existing.filter { !$0.isPrivate }.map { (name: $0.name, nameServers: $0.delegationSet.nameServers) }
            nameServers = try NameServerAllocator.allocate(for: zoneName, existing: others, using: &generator)
        }
        return HostedZone(id: zoneId, name: zoneName, callerReference: callerReference, comment: comment,
                          isPrivate: isPrivate, delegationSet: DelegationSet(nameServers: nameServers),
                          recordSets: [nameServerRecordSet(zone: zoneName, nameServers: nameServers),
                                       soaRecordSet(zone: zoneName, primary: nameServers[0])])
    }

    /// The apex NS record set: TTL 172800, the four servers with trailing dots (HZ-02).
    public static func nameServerRecordSet(zone: DomainName, nameServers: [DomainName]) -> ResourceRecordSet {
        ResourceRecordSet(name: zone, type: .ns, ttl: nameServerTTL,
                          records: nameServers.map { RecordValue(text: $0.description, rdata: $0.lowercased().wire) })
    }

    /// The apex SOA record set: `<primary> awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`,
    /// TTL 900 (HZ-03). The RDATA is assembled directly (RFC 1035 §3.3.13); it cannot fail.
    public static func soaRecordSet(zone: DomainName, primary: DomainName) -> ResourceRecordSet {
        var rdata = primary.lowercased().wire + hostmaster.wire
        for timer in soaTimers {
            rdata += [UInt8(timer >> 24), UInt8((timer >> 16) & 0xFF), UInt8((timer >> 8) & 0xFF), UInt8(timer & 0xFF)]
        }
        let text = "\(primary.lowercased()) \(hostmaster) " + soaTimers.map(String.init).joined(separator: " ")
        return ResourceRecordSet(name: zone, type: .soa, ttl: soaTTL, records: [RecordValue(text: text, rdata: rdata)])
    }

    /// HZ-12: absolute, not the root, not a TLD (`TopLevelDomains`), no `*` as the leftmost label.
    public static func validateZoneName(_ name: DomainName) throws(Route53Error) {
        let isTopLevel = name.labelCount == 1
            && TopLevelDomains.contains(String(decoding: name.labels[0], as: UTF8.self))
        if name.isRoot || isTopLevel {
            throw Route53Error(code: Route53Error.invalidDomainName,
                               message: "\(name.route53Description) is not a valid hosted zone name: a hosted zone cannot be created for the root or a top-level domain.")
        }
        if name.isWildcard {
            throw Route53Error(code: Route53Error.invalidDomainName,
                               message: "\(name.route53Description) is not a valid hosted zone name: * is not allowed as the leftmost label.")
        }
    }

    /// Parses a zone name as the API receives it (octal `\ooo` escapes, trailing dot optional) and
    /// applies HZ-12. The result is lower-cased.
    public static func zoneName(_ text: String) throws(Route53Error) -> DomainName {
        let name: DomainName
        do {
            name = try RecordSetText.name(text)
        } catch {
            throw Route53Error(code: Route53Error.invalidDomainName, messages: error.messages)
        }
        try validateZoneName(name)
        return name
    }

    /// A new-style zone ID: `Z` followed by 20 upper-case letters and digits (HZ-18).
    public static func makeZoneId(using generator: inout SeededGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return "Z" + String((0..<20).map { _ in alphabet[generator.uniform(below: alphabet.count)] })
    }

    /// HZ-18: `Z` then upper-case letters/digits, at most 32 characters in all.
    public static func isValidZoneId(_ id: String) -> Bool {
        id.count >= 2 && id.count <= 32 && id.first == "Z"
            && id.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
