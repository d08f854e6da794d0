import DNSWire
import Route53Model
import Testing
import ZoneText

@Suite("Hosted-zone creation (HZ-01…HZ-03, HZ-11, HZ-12, HZ-18)")
struct HostedZoneFactoryTests {
    @Test("A new zone holds exactly the apex NS (TTL 172800) and SOA (TTL 900)")
    func apexRecordSets() throws {
        let zone = try HostedZoneFactory.makeZone(name: try DomainName("Lab.Test"), callerReference: "r1", seed: 1)
        #expect(zone.name.description == "lab.test.")
        #expect(zone.recordSets.count == 2)
        let ns = zone.recordSets[0]
        let soa = zone.recordSets[1]
        #expect(ns.type == .ns && ns.name == zone.name && ns.ttl == 172_800 && ns.routing == .simple && ns.setIdentifier == nil)
        #expect(ns.records.map(\.text) == zone.delegationSet.nameServers.map(\.description))
        #expect(ns.records.allSatisfy { $0.text.hasSuffix(".") })
        #expect(soa.type == .soa && soa.ttl == 900)
        let first = zone.delegationSet.nameServers[0].description
        #expect(soa.records.map(\.text) == ["\(first) awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"])
        #expect(ZoneValidator.validate(zone).isEmpty)
    }

    @Test("Generated RDATA equals what RDataText.parse makes of the same text")
    func rdataMatchesParser() throws {
        let zone = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r1", seed: 1)
        for set in zone.recordSets {
            for value in set.records {
                #expect(value.rdata == (try RDataText.parse(type: set.type, text: value.text)))
            }
        }
    }

    @Test("Generated zone IDs: Z + 20 upper-case letters/digits, deterministic per (seed, name, reference)")
    func zoneIds() throws {
        let zone = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r1", seed: 5)
        #expect(zone.id.count == 21 && zone.id.hasPrefix("Z") && HostedZoneFactory.isValidZoneId(zone.id))
        let other = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "r2", existing: [zone], seed: 5)
        #expect(other.id != zone.id)
        let given = try HostedZoneFactory.makeZone(name: try DomainName("x.test."), callerReference: "r3", id: "ZMINE1", seed: 5)
        #expect(given.id == "ZMINE1")
    }

    @Test("A single label that is not a TLD is a valid lab zone (HZ-12, lab decision)", arguments: ["db", "lab.", "corp"])
    func singleLabelZones(name: String) throws {
        let zone = try HostedZoneFactory.makeZone(name: try HostedZoneFactory.zoneName(name), callerReference: "r-\(name)", seed: 1)
        #expect(zone.name.labelCount == 1)
        #expect(zone.recordSets.count == 2)
    }

    @Test("Zone creation errors", arguments: [
        ("com", "r", nil, "InvalidDomainName", "com. is not a valid hosted zone name: a hosted zone cannot be created for the root or a top-level domain."),
        ("UK", "r", nil, "InvalidDomainName", "uk. is not a valid hosted zone name: a hosted zone cannot be created for the root or a top-level domain."),
        ("de.", "r", nil, "InvalidDomainName", "de. is not a valid hosted zone name: a hosted zone cannot be created for the root or a top-level domain."),
        ("*.lab.test", "r", nil, "InvalidDomainName", "\\052.lab.test. is not a valid hosted zone name: * is not allowed as the leftmost label."),
        ("other.test", "taken", nil, "HostedZoneAlreadyExists", "A hosted zone has already been created with the specified caller reference."),
        ("other.test", "r", "zlower", "InvalidInput", "Invalid hosted zone ID zlower: an ID is Z followed by 1 to 31 upper-case letters or digits."),
        ("other.test", "r", "ZTAKEN", "InvalidInput", "A hosted zone with ID ZTAKEN already exists."),
    ] as [(String, String, String?, String, String)])
    func creationErrors(name: String, reference: String, id: String?, code: String, message: String) throws {
        let existing = try HostedZoneFactory.makeZone(name: try DomainName("lab.test."), callerReference: "taken", id: "ZTAKEN", seed: 1)
        let error = #expect(throws: Route53Error.self) {
            _ = try HostedZoneFactory.makeZone(name: try HostedZoneFactory.zoneName(name), callerReference: reference,
                                               id: id, existing: [existing], seed: 1)
        }
        #expect(error?.code == code)
        #expect(error?.message == message)
        #expect(error?.httpStatus == (code == "HostedZoneAlreadyExists" ? 409 : 400))
    }
}

@Suite("Route 53 text fields (RR-02, RR-06, RR-07, RR-15)")
struct RecordSetTextTests {
    @Test("Names: octal escapes, case folding, trailing dot optional")
    func names() throws {
        #expect(try RecordSetText.name("\\052.Example.TEST").isWildcard)
        #expect(try RecordSetText.name("WWW.example.test").description == "www.example.test.")
        #expect(try RecordSetText.name("a\\056b.example.test.").labelCount == 3)
    }

    @Test("Malformed inputs give the Route 53 messages", arguments: [
        (RecordSetFields(name: "www.example.test.", type: "A", ttl: 60, values: ["300.1.1.1"]), "ResourceRecords[0].Value",
         "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '300.1.1.1''"),
        (RecordSetFields(name: "www.example.test.", type: "AAAA", ttl: 60, values: ["2001:db8::zz"]), "ResourceRecords[0].Value",
         "Invalid Resource Record: 'FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '2001:db8::zz''"),
        (RecordSetFields(name: "www.example.test.", type: "MX", ttl: 60, values: ["mail.example.test."]), "ResourceRecords[0].Value",
         "Invalid Resource Record: 'FATAL problem: MXRRDATAIllegalValue (Value is not a valid MX record) encountered with 'mail.example.test.''"),
        (RecordSetFields(name: "www.example.test.", type: "a", ttl: 60, values: ["192.0.2.1"]), "Type",
         "Invalid XML ; cvc-enumeration-valid: Value 'a' is not facet-valid with respect to enumeration '[SOA, A, TXT, NS, CNAME, MX, NAPTR, PTR, SRV, SPF, AAAA, CAA, DS, TLSA, SSHFP, SVCB, HTTPS]'. It must be a value from the enumeration."),
        (RecordSetFields(name: "www.example.test.", type: "A", ttl: 2_147_483_648, values: ["192.0.2.1"]), "TTL",
         "Invalid XML ; cvc-maxInclusive-valid: Value '2147483648' is not facet-valid with respect to maxInclusive '2147483647' for type 'TTL'."),
        (RecordSetFields(name: "a..example.test.", type: "A", ttl: 1, values: ["192.0.2.1"]), "Name",
         "Invalid DNS name: 'FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'a..example.test.''"),
        (RecordSetFields(name: "a b.example.test.", type: "A", ttl: 1, values: ["192.0.2.1"]), "Name",
         "Invalid DNS name: 'FATAL problem: UnsupportedCharacter (Value contains unsupported characters) encountered with 'a b.example.test.''"),
    ])
    func malformed(fields: RecordSetFields, field: String, message: String) {
        let failure = #expect(throws: ValidationFailure.self) { _ = try RecordSetText.recordSet(fields) }
        #expect(failure?.issues.map(\.message) == [message])
        #expect(failure?.issues.first?.field == field)
    }

    @Test("Values keep their text and encode to wire RDATA")
    func values() throws {
        let set = try RecordSetText.recordSet(RecordSetFields(name: "example.test", type: "MX", ttl: 300,
                                                              values: ["10 mail.example.test", "20 backup.example.test."]))
        #expect(set.records.map(\.text) == ["10 mail.example.test", "20 backup.example.test."])
        // Names in values are fully qualified with or without the dot (RR-06).
        let dotted = try RecordSetText.value("10 mail.example.test.", type: .mx)
        #expect(set.records[0].rdata == dotted.rdata)
    }

    @Test("InvalidChangeBatch messages are bracketed and comma-joined (API-05)")
    func errorEnvelope() {
        let error = Route53Error(code: "InvalidChangeBatch", messages: ["a", "b"])
        #expect(error.message == "[a, b]")
        #expect(error.httpStatus == 400)
        #expect(Route53Error(code: "NoSuchHostedZone", message: "No hosted zone found with ID: Z1").httpStatus == 404)
    }
}
