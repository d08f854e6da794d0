import AnswerEngine
import DNSWire
import Route53Model
import ZoneText

/// Builds hosted zones the way the control plane hands them to the compiler: simple record sets
/// from zone-file text, policy and alias record sets by hand.
enum Fixtures {
    static let exampleID = "ZEXAMPLE"

    static func name(_ text: String) -> DomainName {
        // Test literals are valid names.
        (try? DomainName(text)) ?? .root
    }

    /// One simple record set per (name, type) of the zone-file `text`, in order of appearance.
    static func simpleSets(_ text: String, origin: String) throws -> [ResourceRecordSet] {
        let records = try ZoneFile.parse(text: text, origin: name(origin), defaultTTL: 300)
        var sets: [ResourceRecordSet] = []
        for record in records {
            let value = RecordValue(text: try RDataText.format(type: record.type, rdata: record.rdata), rdata: record.rdata)
            if let index = sets.firstIndex(where: { $0.name == record.name && $0.type == record.type }) {
                sets[index].records.append(value)
            } else {
                sets.append(ResourceRecordSet(name: record.name.lowercased(), type: record.type, ttl: record.ttl,
                                              records: [value]))
            }
        }
        return sets
    }

    /// A non-alias record set with a routing policy.
    static func policySet(_ owner: String, _ type: RRType = .a, ttl: UInt32 = 60, values: [String], id: String,
                          routing: RoutingPolicy, healthCheck: String? = nil) throws -> ResourceRecordSet {
        let records = try values.map { RecordValue(text: $0, rdata: try RDataText.parse(type: type, text: $0)) }
        return ResourceRecordSet(name: name(owner), type: type, ttl: ttl, records: records, setIdentifier: id,
                                 routing: routing, healthCheckId: healthCheck)
    }

    /// An alias record set to `target` in the example zone (AL-01).
    static func aliasSet(_ owner: String, _ type: RRType = .a, to target: String, zoneID: String = exampleID,
                         evaluateTargetHealth: Bool = false, id: String? = nil, routing: RoutingPolicy = .simple,
                         healthCheck: String? = nil) -> ResourceRecordSet {
        ResourceRecordSet(name: name(owner), type: type,
                          aliasTarget: AliasTarget(hostedZoneId: zoneID, dnsName: name(target),
                                                   evaluateTargetHealth: evaluateTargetHealth),
                          setIdentifier: id, routing: routing, healthCheckId: healthCheck)
    }

    static func zone(_ apex: String, id: String, sets: [ResourceRecordSet], isPrivate: Bool = false) -> HostedZone {
        HostedZone(id: id, name: name(apex), callerReference: id, isPrivate: isPrivate,
                   delegationSet: DelegationSet(nameServers: [name("ns-1.awsdns-01.com")]), recordSets: sets)
    }

    static let exampleText = """
    $ORIGIN example.com.
    @            172800 NS    ns1.example.com.
    @            172800 NS    ns-2.awsdns-02.net.
    @            900    SOA   ns1.example.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
    @            300    MX    10 mail.example.com.
    @            300    MX    20 mx.other.test.
    ns1          300    A     192.0.2.53
    ns1          300    AAAA  2001:db8::53
    www          300    A     192.0.2.1
    www          300    A     192.0.2.2
    mail         300    A     192.0.2.25
    txt          300    TXT   "hello"
    cname        300    CNAME www.example.com.
    outside      300    CNAME elsewhere.example.net.
    _sip._tcp    300    SRV   10 5 5060 sip.example.com.
    sip          300    A     192.0.2.60
    a.b.c        300    A     192.0.2.3
    *.wild       300    TXT   "wild"
    *.wild       300    MX    10 mail.example.com.
    exact.wild   300    A     192.0.2.4
    *.cw         300    CNAME www.example.com.
    sub          172800 NS    ns.sub.example.com.
    sub          172800 NS    ns.example.net.
    sub          3600   DS    12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    ns.sub       300    A     192.0.2.100
    deep.sub     300    A     192.0.2.101
    nods         172800 NS    ns1.example.com.
    kid          172800 NS    ns1.kid.example.com.
    kid          3600   DS    54321 13 2 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
    ns1.kid      300    A     192.0.2.110
    """

    static let kidText = """
    $ORIGIN kid.example.com.
    @            172800 NS    ns1.kid.example.com.
    @            600    SOA   ns1.kid.example.com. hostmaster.kid.example.com. 7 7200 900 1209600 300
    ns1          300    A     192.0.2.110
    www          300    A     192.0.2.111
    """

    static let otherText = """
    $ORIGIN other.test.
    @            172800 NS    ns-3.awsdns-03.org.
    @            900    SOA   ns-3.awsdns-03.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
    mx           300    A     192.0.2.200
    mx           300    AAAA  2001:db8::200
    """

    /// Hosted below other.test, which does not delegate it.
    static let lonelyText = """
    $ORIGIN lonely.other.test.
    @            172800 NS    ns-4.awsdns-04.co.uk.
    @            900    SOA   ns-4.awsdns-04.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
    """

    static let privateText = """
    $ORIGIN private.test.
    @            172800 NS    ns-1536.awsdns-00.co.uk.
    @            900    SOA   ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
    www          300    A     10.0.0.1
    """

    /// Policy and alias record sets of example.com (spec §3, §4).
    static func examplePolicySets() throws -> [ResourceRecordSet] {
        let bigValues = (1...30).map { "\"value \($0) " + String(repeating: "x", count: 80) + "\"" }
        return [
            // Apex alias A → www coexists with SOA/NS (AL-03, Q14).
            aliasSet("example.com", to: "www.example.com"),
            try policySet("fo.example.com", values: ["192.0.2.11"], id: "primary", routing: .failover(.primary),
                          healthCheck: "hc-primary"),
            try policySet("fo.example.com", values: ["192.0.2.12"], id: "secondary", routing: .failover(.secondary),
                          healthCheck: "hc-secondary"),
            try policySet("w.example.com", values: ["192.0.2.21"], id: "a", routing: .weighted(weight: 1), healthCheck: "hc-a"),
            try policySet("w.example.com", values: ["192.0.2.22"], id: "b", routing: .weighted(weight: 1), healthCheck: "hc-b"),
            try policySet("w.example.com", values: ["192.0.2.23"], id: "c", routing: .weighted(weight: 0), healthCheck: "hc-c"),
            try policySet("mv3.example.com", values: ["192.0.2.91"], id: "1", routing: .multivalue, healthCheck: "hc-m1"),
            try policySet("mv3.example.com", values: ["192.0.2.92"], id: "2", routing: .multivalue, healthCheck: "hc-m2"),
            try policySet("mv3.example.com", values: ["192.0.2.93"], id: "3", routing: .multivalue, healthCheck: "hc-m3"),
            try policySet("lat.example.com", values: ["192.0.2.31"], id: "use1", routing: .latency(region: "us-east-1")),
            try policySet("lat.example.com", values: ["192.0.2.32"], id: "euw1", routing: .latency(region: "eu-west-1")),
            try policySet("geo.example.com", values: ["192.0.2.41"], id: "ca", routing:
                            .geolocation(GeoLocation(countryCode: "US", subdivisionCode: "CA"))),
            try policySet("geo.example.com", values: ["192.0.2.42"], id: "us", routing: .geolocation(GeoLocation(countryCode: "US"))),
            try policySet("geo.example.com", values: ["192.0.2.43"], id: "default", routing: .geolocation(GeoLocation(countryCode: "*"))),
            try policySet("geo-eu.example.com", values: ["192.0.2.44"], id: "eu", routing: .geolocation(GeoLocation(continentCode: "EU"))),
            try policySet("cidr.example.com", values: ["192.0.2.51"], id: "office", routing:
                            .cidr(CidrRoutingConfig(collectionId: "c1", locationName: "office"))),
            try policySet("cidr.example.com", values: ["192.0.2.52"], id: "any", routing:
                            .cidr(CidrRoutingConfig(collectionId: "c1", locationName: "*"))),
            try policySet("gp.example.com", values: ["192.0.2.62"], id: "z", routing: .geoproximity(GeoProximityLocation(awsRegion: "us-east-1"))),
            try policySet("gp.example.com", values: ["192.0.2.61"], id: "a", routing: .geoproximity(GeoProximityLocation(awsRegion: "eu-west-1"))),
            try policySet("big.example.com", .txt, ttl: 300, values: bigValues, id: "", routing: .simple)
                .withoutSetIdentifier(),
            aliasSet("alias-w.example.com", to: "w.example.com"),
            aliasSet("alias-cname.example.com", .cname, to: "cname.example.com"),
            aliasSet("alias-broken.example.com", to: "missing.example.com"),
            aliasSet("alias-foreign.example.com", to: "www.example.com", zoneID: "ZOTHER"),
            aliasSet("*.aw.example.com", to: "example.com"),
            aliasSet("ch1.example.com", to: "ch2.example.com"),
            aliasSet("ch2.example.com", to: "ch3.example.com"),
            aliasSet("ch3.example.com", to: "www.example.com"),
        ] + chain(prefix: "deep", length: 10) + (try healthScenarioSets()) + sizeScenarioSets()
    }

    /// RP-11 scenarios that need their own names.
    static func healthScenarioSets() throws -> [ResourceRecordSet] {
        try [
            // T4: SECONDARY without a health check.
            policySet("fo2.example.com", values: ["192.0.2.13"], id: "p", routing: .failover(.primary), healthCheck: "hc-fo2"),
            policySet("fo2.example.com", values: ["192.0.2.14"], id: "s", routing: .failover(.secondary)),
            // Only a SECONDARY exists.
            policySet("fo3.example.com", values: ["192.0.2.15"], id: "s", routing: .failover(.secondary), healthCheck: "hc-fo3"),
            // T8: all weights 0, no health checks.
            policySet("w0.example.com", values: ["192.0.2.71"], id: "x", routing: .weighted(weight: 0)),
            policySet("w0.example.com", values: ["192.0.2.72"], id: "y", routing: .weighted(weight: 0)),
            policySet("w0.example.com", values: ["192.0.2.73"], id: "z", routing: .weighted(weight: 0)),
            // Weights 3:1 for the distribution check.
            policySet("w31.example.com", values: ["192.0.2.74"], id: "three", routing: .weighted(weight: 3)),
            policySet("w31.example.com", values: ["192.0.2.75"], id: "one", routing: .weighted(weight: 1)),
            // RP-03: a simple record's health check has no effect.
            policySet("hcs.example.com", values: ["192.0.2.76"], id: "", routing: .simple, healthCheck: "hc-simple")
                .withoutSetIdentifier(),
            // T15/T16: failover aliases with ETH into the weighted group `w` and into `maint`.
            policySet("maint.example.com", values: ["192.0.2.80"], id: "", routing: .simple, healthCheck: "hc-maint")
                .withoutSetIdentifier(),
        ] + [
            aliasSet("fa.example.com", to: "w.example.com", evaluateTargetHealth: true, id: "p", routing: .failover(.primary)),
            aliasSet("fa.example.com", to: "maint.example.com", evaluateTargetHealth: true, id: "s",
                     routing: .failover(.secondary)),
            // ETH false: the alias stays healthy whatever its target does (AL-07).
            aliasSet("fb.example.com", to: "w.example.com", evaluateTargetHealth: false, id: "p", routing: .failover(.primary)),
            aliasSet("fb.example.com", to: "maint.example.com", evaluateTargetHealth: true, id: "s",
                     routing: .failover(.secondary)),
        ] + (1...10).map { index in
            // T9: ten multivalue records without health checks.
            try policySet("mv10.example.com", values: ["192.0.2.\(150 + index)"], id: "m\(index)", routing: .multivalue)
        }
    }

    /// DNS-09 scenarios: many MX targets (additional overflow) and a delegation with much glue.
    static func sizeScenarioSets() -> [ResourceRecordSet] {
        let mxTargets = (1...12).map { String(format2: $0) }
        var text = "$ORIGIN example.com.\n"
        for target in mxTargets {
            text += "manymx 300 MX 10 mx\(target).example.com.\nmx\(target) 300 A 192.0.2.\(160 + (Int(target) ?? 0))\n"
        }
        for index in 1...20 {
            let label = "ns" + String(format2: index)
            text += "bigdeleg 172800 NS \(label).bigdeleg.example.com.\n\(label).bigdeleg 300 A 198.51.100.\(index)\n"
        }
        return (try? simpleSets(text, origin: "example.com")) ?? []
    }

    /// `deep0 → deep1 → … → deep<length-1>` aliases ending at www: longer than the depth cap.
    static func chain(prefix: String, length: Int) -> [ResourceRecordSet] {
        (0..<length).map { step in
            let target = step == length - 1 ? "www.example.com" : "\(prefix)\(step + 1).example.com"
            return aliasSet("\(prefix)\(step).example.com", to: target)
        }
    }

    /// example.com, its hosted child kid.example.com, other.test, its undelegated child and a private zone.
    static func zones() throws -> [HostedZone] {
        [
            zone("example.com", id: exampleID, sets: try simpleSets(exampleText, origin: "example.com") + examplePolicySets()),
            zone("kid.example.com", id: "ZKID", sets: try simpleSets(kidText, origin: "kid.example.com")),
            zone("other.test", id: "ZOTHER", sets: try simpleSets(otherText, origin: "other.test")),
            zone("lonely.other.test", id: "ZLONELY", sets: try simpleSets(lonelyText, origin: "lonely.other.test")),
            zone("private.test", id: "ZPRIVATE", sets: try simpleSets(privateText, origin: "private.test"), isPrivate: true),
        ]
    }

    /// The fixture zones compiled once. `FixtureTests` checks that they parse, so an empty
    /// snapshot here shows up as a failure there, not as confusing REFUSED rows elsewhere.
    static let snapshot = SnapshotCompiler.compile(zones: (try? zones()) ?? [], generation: 1)
}

extension String {
    /// `value` with at least two digits.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}

extension ResourceRecordSet {
    func withoutSetIdentifier() -> ResourceRecordSet {
        var copy = self
        copy.setIdentifier = nil
        return copy
    }
}
