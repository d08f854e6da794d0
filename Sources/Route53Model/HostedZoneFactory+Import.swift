import DNSWire
import ZoneText

extension HostedZoneFactory {
    /// Groups zone-file records into simple record sets (RR-01) the way a Route 53 import does: the
    /// file's apex SOA and apex NS are dropped (the zone keeps its generated ones, HZ-02/HZ-03),
    /// owners are lower-cased, values are re-printed from their RDATA in the API's form (octal
    /// escapes, RR-03). When the records of one
    /// (name, type) carry different TTLs the first one wins (RFC 2181 §5.2 forbids the mix).
    ///
    /// Only conversion problems are reported here (class other than IN, types outside RR-06);
    /// `ZoneValidator` applies the record-set rules.
    public static func recordSets(fromZoneFile records: [ResourceRecord], zone: DomainName) throws(ValidationFailure) -> [ResourceRecordSet] {
        // Sets in file order, found by key through an index (a dictionary of whole sets copied
        // ~200-byte values on every resize: a third of a million-record import, issue 6).
        var sets: [ResourceRecordSet] = []
        var index = NameIndex(capacity: records.count)
        sets.reserveCapacity(records.count)
        var issues: [ValidationIssue] = []
        let ahead = NameIndex.prefetchDistance
        for (offset, record) in records.enumerated() {
            if offset + ahead < records.count {
                index.prefetch(hash: NameIndex.hash(records[offset + ahead].name, records[offset + ahead].type))
            }
            let owner = record.name.foldedSharingStorage()
            if owner == zone && (record.type == .soa || record.type == .ns) { continue }
            guard record.rrClass == .in else {
                issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                                              detail: "record \(owner.route53Description) \(record.type) has class \(record.rrClass); only IN is supported"))
                continue
            }
            guard record.type.isRoute53Type else {
                issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                              message: Route53Message.notInEnumeration(record.type.description, RRType.route53Types.map(\.description)),
                                              detail: "record \(owner.route53Description) \(record.type) in the zone file"))
                continue
            }
            let text: String
            do {
                text = try RDataText.format(type: record.type, rdata: record.rdata, escapeRadix: 8)
            } catch {
                let problem = RecordSetText.valueProblem(for: record.type)
                issues.append(ValidationIssue(message: Route53Message.invalidValue(code: problem.code, description: problem.description,
                                                                                   value: error.text),
                                              detail: "record \(owner.route53Description) \(record.type): \(error.message)"))
                continue
            }
            let value = RecordValue(text: text, rdata: record.rdata)
            let type = record.type
            let hash = NameIndex.hash(owner, type)
            if let position = index.find(hash: hash, where: { sets[$0].type == type && sets[$0].name == owner }) {
                // Identical RRs in a master file are one RR (RFC 2181 §5), not a duplicate value.
                if !sets[position].records.contains(where: { $0.rdata == record.rdata }) {
                    sets[position].records.append(value)
                }
            } else {
                index.insert(sets.count, hash: hash, hashOf: { NameIndex.hash(sets[$0].name, sets[$0].type) })
                sets.append(ResourceRecordSet(name: owner, type: type, ttl: record.ttl, records: [value]))
            }
        }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return sets
    }

    /// Imports zone-file records into `zone` (appended after its existing record sets) and validates
    /// the result with `ZoneValidator`; throws the API error listing every problem.
    public static func importZoneFile(records: [ResourceRecord], into zone: HostedZone) throws(Route53Error) -> HostedZone {
        var result = zone
        do {
            result.recordSets += try recordSets(fromZoneFile: records, zone: zone.name)
        } catch {
            throw error.route53Error
        }
        try ZoneValidator.check(result)
        return result
    }
}
