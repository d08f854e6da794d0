import DNSWire
import Route53Model
import Testing

/// One row per validation rule: the record sets added to a fresh `example.test.` zone (ID ZEXAMPLE)
/// and the exact message that must be among the problems found.
struct ValidationRow: Sendable, CustomTestStringConvertible {
    var rule: String
    var sets: [RecordSetFields]
    var code = "InvalidChangeBatch"
    var message: String
    var isPrivate = false
    var testDescription: String { rule }
}

private func a(_ name: String, _ value: String = "192.0.2.1", ttl: Int64? = 60, id: String? = nil,
               routing: RoutingPolicy = .simple) -> RecordSetFields {
    RecordSetFields(name: name, type: "A", ttl: ttl, values: [value], setIdentifier: id, routing: routing)
}

private func alias(_ name: String, _ type: String = "A", to target: String, zone: String = "ZEXAMPLE", id: String? = nil,
                   routing: RoutingPolicy = .simple) -> RecordSetFields {
    RecordSetFields(name: name, type: type, aliasTarget: AliasTargetFields(hostedZoneId: zone, dnsName: target, evaluateTargetHealth: false),
                    setIdentifier: id, routing: routing)
}

private func record(_ name: String, _ type: String, _ values: [String], ttl: Int64? = 300, id: String? = nil,
                    routing: RoutingPolicy = .simple) -> RecordSetFields {
    RecordSetFields(name: name, type: type, ttl: ttl, values: values, setIdentifier: id, routing: routing)
}

private let chainOfNine: [RecordSetFields] = (0..<9).map { alias("c\($0).example.test.", to: "c\($0 + 1).example.test.") }
    + [a("c9.example.test.")]

let validationRows: [ValidationRow] = [
    ValidationRow(rule: "RR-02 owner outside the zone", sets: [a("www.other.test.")],
                  message: "RRSet with DNS name www.other.test. is not permitted in zone example.test."),
    ValidationRow(rule: "RR-11 CNAME at apex", sets: [record("example.test.", "CNAME", ["x.example.net."])],
                  message: "RRSet of type CNAME with DNS name example.test. is not permitted at apex in zone example.test."),
    ValidationRow(rule: "RR-11 / AL-03 CNAME alias at apex", sets: [record("www.example.test.", "CNAME", ["x.example.net."]),
                                                                     alias("example.test.", "CNAME", to: "www.example.test.")],
                  message: "RRSet of type CNAME with DNS name example.test. is not permitted at apex in zone example.test."),
    ValidationRow(rule: "RR-11 CNAME added next to other data", sets: [a("www.example.test."), record("www.example.test.", "CNAME", ["x.example.net."])],
                  message: "RRSet of type CNAME with DNS name www.example.test. is not permitted as it conflicts with other records with the same DNS name in zone example.test."),
    ValidationRow(rule: "RR-11 other data added next to a CNAME", sets: [record("www.example.test.", "CNAME", ["x.example.net."]), a("www.example.test.")],
                  message: "RRSet of type A with DNS name www.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.test."),
    ValidationRow(rule: "RR-11 CNAME has one value", sets: [record("www.example.test.", "CNAME", ["a.example.net.", "b.example.net."])],
                  message: "RRSet of type CNAME with DNS name www.example.test. must contain exactly one resource record"),
    ValidationRow(rule: "RR-14 duplicate record set", sets: [a("www.example.test."), a("www.example.test.", "192.0.2.2")],
                  message: "Tried to create resource record set [name='www.example.test.', type='A'] but it already exists"),
    ValidationRow(rule: "RR-14 duplicate with SetIdentifier",
                  sets: [a("w.example.test.", id: "x", routing: .weighted(weight: 1)), a("w.example.test.", "192.0.2.2", id: "x", routing: .weighted(weight: 2))],
                  message: "Tried to create resource record set [name='w.example.test.', type='A', set-identifier='x'] but it already exists"),
    ValidationRow(rule: "RR-12 second SOA", sets: [record("example.test.", "SOA", ["ns.example.test. h.example.test. 1 2 3 4 5"], ttl: 900)],
                  message: "Tried to create resource record set [name='example.test.', type='SOA'] but it already exists"),
    ValidationRow(rule: "RR-12 SOA below the apex", sets: [record("x.example.test.", "SOA", ["ns.example.test. h.example.test. 1 2 3 4 5"], ttl: 900)],
                  message: "RRSet of type SOA with DNS name x.example.test. is not permitted because SOA records are only permitted at apex in zone example.test."),
    ValidationRow(rule: "RR-04 wildcard NS", sets: [record("*.example.test.", "NS", ["ns1.example.net."])],
                  message: "RRSet of type NS with DNS name \\052.example.test. is not permitted because wildcard NS records are not supported in zone example.test."),
    ValidationRow(rule: "RR-13 delegation uses simple routing only",
                  sets: [record("sub.example.test.", "NS", ["ns1.example.net."], id: "w", routing: .weighted(weight: 1))],
                  message: "RRSet of type NS with DNS name sub.example.test. is not permitted because NS records support simple routing only in zone example.test."),
    ValidationRow(rule: "RR-10 duplicate value", sets: [RecordSetFields(name: "www.example.test.", type: "A", ttl: 60, values: ["192.0.2.1", "192.0.2.1"])],
                  message: "Duplicate Resource Record: '192.0.2.1'"),
    ValidationRow(rule: "RR-07 TTL missing", sets: [a("www.example.test.", ttl: nil)], code: "InvalidInput",
                  message: "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=CREATE, Name=www.example.test., Type=A, SetIdentifier=null]"),
    ValidationRow(rule: "RR-07 alias with TTL",
                  sets: [a("www.example.test."), RecordSetFields(name: "x.example.test.", type: "A", ttl: 60,
                                                                 aliasTarget: AliasTargetFields(hostedZoneId: "ZEXAMPLE", dnsName: "www.example.test.", evaluateTargetHealth: false))],
                  code: "InvalidInput",
                  message: "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with [Action=CREATE, Name=x.example.test., Type=A, SetIdentifier=null]"),
    ValidationRow(rule: "RR-08 weighted members share one TTL",
                  sets: [a("w.example.test.", ttl: 60, id: "a", routing: .weighted(weight: 1)), a("w.example.test.", "192.0.2.2", ttl: 30, id: "b", routing: .weighted(weight: 1))],
                  message: "RRSet with DNS name w.example.test. and type A, SetIdentifier b cannot be created as weighted sets must contain the same TTL."),
    ValidationRow(rule: "RP-01 weighted next to simple",
                  sets: [a("w.example.test."), a("w.example.test.", "192.0.2.2", id: "b", routing: .weighted(weight: 1))],
                  message: "RRSet with DNS name w.example.test., type A, SetIdentifier b cannot be created as a non-weighted set exists with the same name and type."),
    ValidationRow(rule: "RP-01 simple next to a policy group",
                  sets: [a("w.example.test.", id: "b", routing: .weighted(weight: 1)), a("w.example.test.", "192.0.2.2")],
                  message: "RRSet with DNS name w.example.test., type A cannot be created as other RRSets exist with the same name and type."),
    ValidationRow(rule: "RP-01 latency next to another policy",
                  sets: [a("l.example.test."), a("l.example.test.", id: "use1", routing: .latency(region: "us-east-1"))],
                  message: "RRSet with DNS name l.example.test., type A, SetIdentifier use1, and Region Name=us-east-1 cannot be created because a non-latency RRSet with the same name and type already exists."),
    ValidationRow(rule: "RP-01 geolocation next to another policy",
                  sets: [a("g.example.test."), a("g.example.test.", id: "na", routing: .geolocation(GeoLocation(continentCode: "NA")))],
                  message: "RRSet with DNS name g.example.test., type A, SetIdentifier na, and routing to [continent = (NA, North America)] cannot be created because a non-GEO RRSet with the same name and type already exists"),
    ValidationRow(rule: "RP-01 at most one PRIMARY",
                  sets: [a("f.example.test.", id: "p1", routing: .failover(.primary)), a("f.example.test.", "192.0.2.2", id: "p2", routing: .failover(.primary))],
                  message: "RRSet with DNS name f.example.test., type A, SetIdentifier p2 cannot be created because another RRSet with the same name and type already uses Failover PRIMARY."),
    ValidationRow(rule: "RP-01 policy field without SetIdentifier", sets: [a("w.example.test.", routing: .weighted(weight: 1))],
                  code: "InvalidInput", message: "Invalid request"),
    ValidationRow(rule: "RP-01 SetIdentifier on a simple record", sets: [a("w.example.test.", id: "x")],
                  code: "InvalidInput", message: "Invalid request"),
    ValidationRow(rule: "RP-01 latency Region enumeration", sets: [a("l.example.test.", id: "x", routing: .latency(region: "mars-1"))],
                  code: "InvalidInput",
                  message: "Invalid XML ; cvc-enumeration-valid: Value 'mars-1' is not facet-valid with respect to enumeration '[\(RecordSetValidator.regions.joined(separator: ", "))]'. It must be a value from the enumeration."),
    ValidationRow(rule: "RP-08 ContinentCode with CountryCode",
                  sets: [a("g.example.test.", id: "x", routing: .geolocation(GeoLocation(continentCode: "EU", countryCode: "DE")))],
                  code: "InvalidInput", message: "Invalid request"),
    ValidationRow(rule: "RP-06 multivalue CNAME", sets: [record("m.example.test.", "CNAME", ["x.example.net."], id: "1", routing: .multivalue)],
                  message: "RRSet with DNS name m.example.test., type CNAME cannot be created as a multivalue answer RRSet: type CNAME is not supported for multivalue answer."),
    ValidationRow(rule: "RP-06 / AL-03 multivalue alias",
                  sets: [a("www.example.test."), alias("m.example.test.", to: "www.example.test.", id: "1", routing: .multivalue)],
                  message: "RRSet with DNS name m.example.test., type A cannot be created as a multivalue answer alias: multivalue answer RRSets cannot be aliases."),
    ValidationRow(rule: "HZ-14 IP-based routing in a private zone",
                  sets: [a("c.example.test.", id: "1", routing: .cidr(CidrRoutingConfig(collectionId: "c8c02c48-4a1b-4bd0-9a53-6d1c0f4c5a11", locationName: "office")))],
                  message: "RRSet with DNS name c.example.test., type A cannot be created in a private hosted zone: IP-based routing is available for public hosted zones only.",
                  isPrivate: true),
    ValidationRow(rule: "AL-04 alias target missing", sets: [alias("x.example.test.", to: "nothing.example.test.")],
                  message: "Tried to create an alias that targets nothing.example.test., type A in zone ZEXAMPLE, but that target was not found"),
    ValidationRow(rule: "AL-04 alias target outside the zone", sets: [alias("x.example.test.", to: "www.example.net.")],
                  message: "Tried to create an alias that targets www.example.net., type A in zone ZEXAMPLE, but the alias target name does not lie within the target zone"),
    ValidationRow(rule: "AL-03 alias type must match the target's type",
                  sets: [record("www.example.test.", "AAAA", ["2001:db8::1"]), alias("x.example.test.", to: "www.example.test.")],
                  message: "Tried to create an alias that targets www.example.test., type A in zone ZEXAMPLE, but that target was not found"),
    ValidationRow(rule: "AL-02 alias into another zone", sets: [alias("x.example.test.", to: "www.example.test.", zone: "ZOTHER")],
                  message: "Tried to create an alias that targets www.example.test., type A in zone ZOTHER, but that target was not found"),
    ValidationRow(rule: "AL-02 NS alias", sets: [a("www.example.test."), alias("x.example.test.", "NS", to: "www.example.test.")],
                  message: "RRSet with DNS name x.example.test., type NS cannot be created as an alias: alias records of type NS are not supported."),
    ValidationRow(rule: "AL-08 alias loop", sets: [alias("a.example.test.", to: "b.example.test."), alias("b.example.test.", to: "a.example.test.")],
                  message: "Tried to create an alias that targets b.example.test., type A in zone ZEXAMPLE, but the alias chain forms a loop (a.example.test. -> b.example.test. -> a.example.test.)"),
    ValidationRow(rule: "AL-08 alias to itself", sets: [alias("a.example.test.", to: "a.example.test.")],
                  message: "Tried to create an alias that targets a.example.test., type A in zone ZEXAMPLE, but the alias chain forms a loop (a.example.test. -> a.example.test.)"),
    ValidationRow(rule: "AL-08 chain deeper than 8", sets: chainOfNine,
                  message: "Tried to create an alias that targets c1.example.test., type A in zone ZEXAMPLE, but the alias chain is longer than 8 aliases"),
    // A name holding only plain sets is tracked apart from the policy tables until something else
    // arrives (issue 6, scale); these rows cross that boundary in both directions.
    ValidationRow(rule: "RR-14 duplicate plain set after a policy set at the same name",
                  sets: [a("m.example.test."), record("m.example.test.", "TXT", ["\"x\""], id: "t", routing: .weighted(weight: 1)),
                         a("m.example.test.", "192.0.2.2")],
                  message: "Tried to create resource record set [name='m.example.test.', type='A'] but it already exists"),
    ValidationRow(rule: "RP-01 weighted next to a simple set admitted before the name had policy sets",
                  sets: [a("m.example.test."), record("m.example.test.", "TXT", ["\"x\""], id: "t", routing: .weighted(weight: 1)),
                         a("m.example.test.", "192.0.2.2", id: "b", routing: .weighted(weight: 1))],
                  message: "RRSet with DNS name m.example.test., type A, SetIdentifier b cannot be created as a non-weighted set exists with the same name and type."),
    ValidationRow(rule: "RP-01 simple next to a policy group, then another plain type",
                  sets: [a("m.example.test.", id: "b", routing: .weighted(weight: 1)), record("m.example.test.", "TXT", ["\"x\""]),
                         a("m.example.test.", "192.0.2.2")],
                  message: "RRSet with DNS name m.example.test., type A cannot be created as other RRSets exist with the same name and type."),
    ValidationRow(rule: "RR-14 duplicate of the first of five plain types at one name",
                  sets: [a("m.example.test."), record("m.example.test.", "AAAA", ["2001:db8::1"]), record("m.example.test.", "TXT", ["\"x\""]),
                         record("m.example.test.", "MX", ["10 mx.example.test."]), record("m.example.test.", "CAA", ["0 issue \"ca.test\""]),
                         a("m.example.test.", "192.0.2.2")],
                  message: "Tried to create resource record set [name='m.example.test.', type='A'] but it already exists"),
    ValidationRow(rule: "RR-11 CNAME next to a weighted group",
                  sets: [a("m.example.test.", id: "b", routing: .weighted(weight: 1)), record("m.example.test.", "CNAME", ["x.example.net."])],
                  message: "RRSet of type CNAME with DNS name m.example.test. is not permitted as it conflicts with other records with the same DNS name in zone example.test."),
    ValidationRow(rule: "RR-11 plain set next to a weighted CNAME",
                  sets: [record("m.example.test.", "CNAME", ["x.example.net."], id: "c", routing: .weighted(weight: 1)), a("m.example.test.")],
                  message: "RRSet of type A with DNS name m.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.test."),
]

@Suite("Zone validation (RR-*, RP-01, AL-*)")
struct ZoneValidatorTests {
    static func zone(_ sets: [RecordSetFields], isPrivate: Bool = false) throws -> HostedZone {
        var zone = try HostedZoneFactory.makeZone(name: try DomainName("example.test."), callerReference: "ref",
                                                  isPrivate: isPrivate, id: "ZEXAMPLE", seed: 1)
        for fields in sets {
            zone.recordSets.append(try RecordSetText.recordSet(fields))
        }
        return zone
    }

    @Test("Each rule reports its exact message", arguments: validationRows)
    func rule(_ row: ValidationRow) throws {
        let issues = ZoneValidator.validate(try Self.zone(row.sets, isPrivate: row.isPrivate))
        #expect(issues.contains { $0.message == row.message && $0.code == row.code },
                "got: \(issues.map(\.message))")
    }

    @Test("A zone using every feature correctly has no problems")
    func validZone() throws {
        let sets: [RecordSetFields] = [
            a("www.example.test."), record("www.example.test.", "AAAA", ["2001:db8::1"]),
            alias("example.test.", to: "www.example.test."),
            record("docs.example.test.", "CNAME", ["www.example.test."]),
            record("sub.example.test.", "NS", ["ns1.sub.example.test."], ttl: 3600), a("ns1.sub.example.test."),
            a("*.wild.example.test."),
            a("f.example.test.", id: "p", routing: .failover(.primary)), a("f.example.test.", "192.0.2.2", id: "s", routing: .failover(.secondary)),
            a("w.example.test.", id: "a", routing: .weighted(weight: 1)), alias("w.example.test.", to: "www.example.test.", id: "b", routing: .weighted(weight: 0)),
            a("m.example.test.", id: "1", routing: .multivalue), a("m.example.test.", "192.0.2.2", id: "2", routing: .multivalue),
            a("l.example.test.", id: "1", routing: .latency(region: "eu-west-1")),
            a("g.example.test.", id: "1", routing: .geolocation(GeoLocation(countryCode: "US", subdivisionCode: "CA"))),
            a("g.example.test.", "192.0.2.2", id: "2", routing: .geolocation(GeoLocation(countryCode: "*"))),
            // A chain of exactly 8 aliases is allowed (AL-08).
        ] + (0..<8).map { alias("d\($0).example.test.", to: "d\($0 + 1).example.test.") } + [a("d8.example.test.")]
        let issues = ZoneValidator.validate(try Self.zone(sets))
        #expect(issues.isEmpty, "got: \(issues.map(\.message))")
    }

    @Test("Plain and policy sets mixed at one name, in either order and past four types, have no problems")
    func mixedName() throws {
        let plain = [a("n.example.test."), record("n.example.test.", "AAAA", ["2001:db8::1"]), record("n.example.test.", "TXT", ["\"x\""]),
                     record("n.example.test.", "MX", ["10 mx.example.test."]), record("n.example.test.", "CAA", ["0 issue \"ca.test\""])]
        let weighted = [record("n.example.test.", "SRV", ["1 1 1 s.example.test."], id: "a", routing: .weighted(weight: 1)),
                        record("n.example.test.", "SRV", ["1 1 2 s.example.test."], id: "b", routing: .weighted(weight: 1))]
        for sets in [plain + weighted, weighted + plain, Array(plain.prefix(2)) + weighted + Array(plain.dropFirst(2))] {
            let issues = ZoneValidator.validate(try Self.zone(sets))
            #expect(issues.isEmpty, "got: \(issues.map(\.message))")
        }
    }

    @Test("Issues point at the offending record set and field")
    func locations() throws {
        let zone = try Self.zone([a("www.example.test."), a("w.example.test.", ttl: 60, id: "a", routing: .weighted(weight: 1)),
                                  a("w.example.test.", "192.0.2.2", ttl: 30, id: "b", routing: .weighted(weight: 1))])
        let issue = try #require(ZoneValidator.validate(zone).first)
        #expect(issue.recordSetIndex == 4)
        #expect(issue.field == "TTL")
    }

    @Test("check() throws one InvalidChangeBatch listing every message (API-05)")
    func combinedError() throws {
        let zone = try Self.zone([a("www.other.test."), a("x.other.test.")])
        let error = #expect(throws: Route53Error.self) { try ZoneValidator.check(zone) }
        #expect(error?.code == "InvalidChangeBatch")
        #expect(error?.message == "[RRSet with DNS name www.other.test. is not permitted in zone example.test., RRSet with DNS name x.other.test. is not permitted in zone example.test.]")
    }
}
