import AnswerEngine
import DNSWire
import Route53Model
import Testing

/// What a scenario row expects over many seeded queries.
enum ScenarioExpectation: Sendable {
    /// NOERROR/AA; every answer holds `perAnswer` distinct A values owned by QNAME, and the values
    /// seen over all seeds are exactly `seen`.
    case values(Set<String>, perAnswer: Int = 1)
    /// NOERROR/AA, empty answer, the SOA in authority (DNS-06).
    case nodata
    /// Exactly these answer records (sorted zone-file lines), every time.
    case records([String])
}

/// One row: zone text + health vector + client → expected answer (architecture.md pattern 4).
struct ScenarioRow: CustomTestStringConvertible, Sendable {
    let label: String
    let zone: String
    var failing: [String] = []
    var client = "-"
    var subnet: String?
    let qname: String
    var qtype: RRType = .a
    let expected: ScenarioExpectation
    var tables = ScenarioTables.tables

    var testDescription: String { label }

    /// Runs the row over `seeds` seeded queries through `ServingState` and the data-plane entry.
    func check(seeds: ClosedRange<UInt64> = 1...200, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let snapshot = try ScenarioZone.snapshot(zone, tables: tables)
        var seen = Set<String>()
        for seed in seeds {
            let reply = try #require(ScenarioExchange.ask(qname, qtype, snapshot: snapshot, failing: failing, client: client,
                                                          subnet: subnet, seed: seed),
                                     sourceLocation: sourceLocation)
            #expect(reply.rcode == .noError && reply.aa, sourceLocation: sourceLocation)
            switch expected {
            case .values(_, let perAnswer):
                let values = ScenarioExchange.values(reply)
                #expect(values.count == perAnswer, "answer \(reply.answer)", sourceLocation: sourceLocation)
                #expect(Set(values).count == values.count, "duplicate values in one answer", sourceLocation: sourceLocation)
                // The owner is QNAME even when an alias tree resolved it (AL-06).
                #expect(reply.answer.allSatisfy { $0.hasPrefix(qname + ". ") }, sourceLocation: sourceLocation)
                seen.formUnion(values)
            case .nodata:
                #expect(reply.answer.isEmpty, sourceLocation: sourceLocation)
                #expect(reply.authority.count == 1 && reply.authority.first?.contains(" SOA ") == true,
                        sourceLocation: sourceLocation)
            case .records(let records):
                #expect(reply.answer == records, sourceLocation: sourceLocation)
            }
        }
        if case .values(let expectedSeen, _) = expected {
            #expect(seen == expectedSeen, sourceLocation: sourceLocation)
        }
    }
}

/// Zones of the RP-11 vectors.
enum VectorZones {
    static let failoverPair = """
    www A 192.0.2.1 id=p failover=PRIMARY hc=HC1
    www A 192.0.2.2 id=s failover=SECONDARY hc=HC2
    """
    static let failoverSecondaryUnchecked = """
    www A 192.0.2.1 id=p failover=PRIMARY hc=HC1
    www A 192.0.2.2 id=s failover=SECONDARY
    """
    static let weighted = """
    w A 192.0.2.10 id=a weight=1 hc=HC_a
    w A 192.0.2.11 id=b weight=1 hc=HC_b
    w A 192.0.2.12 id=c weight=0 hc=HC_c
    """
    static let weightedAllZero = """
    w A 192.0.2.13 id=x weight=0
    w A 192.0.2.14 id=y weight=0
    w A 192.0.2.15 id=z weight=0
    """
    static let multivalueTen = (1...10).map { "mv A 192.0.2.\(100 + $0) id=m\($0) multivalue" }.joined(separator: "\n")
    static let multivalueThree = (1...3).map { "mv A 192.0.2.\(110 + $0) id=m\($0) multivalue hc=HC_m\($0)" }
        .joined(separator: "\n")

    /// T12–T14: latency aliases into weighted groups; `useETH` on the us-east-1 alias, `u2Check` on
    /// the second use1 record.
    static func latencyTree(useETH: Bool = true, u2Check: Bool = true) -> String {
        """
        app A - id=use1 region=us-east-1 alias=use1\(useETH ? " eth" : "")
        app A - id=euw1 region=eu-west-1 alias=euw1 eth
        use1 A 192.0.2.31 id=u1 weight=1 hc=HC_u1
        use1 A 192.0.2.32 id=u2 weight=1\(u2Check ? " hc=HC_u2" : "")
        euw1 A 192.0.2.41 id=e1 weight=1 hc=HC_e1
        euw1 A 192.0.2.42 id=e2 weight=1 hc=HC_e2
        """
    }

    static let failoverAliasTree = """
    fa A - id=p failover=PRIMARY alias=g eth
    fa A - id=s failover=SECONDARY alias=maint eth
    g A 192.0.2.51 id=g1 weight=1 hc=HC_g1
    g A 192.0.2.52 id=g2 weight=1 hc=HC_g2
    maint A 192.0.2.60 hc=HC_maint
    """
    static let apexAlias = """
    @ A - alias=www
    www A 192.0.2.1,192.0.2.2 ttl=60
    """
    static let geolocationStates = """
    geo A 192.0.2.71 id=ca country=US subdivision=CA hc=HC_ca
    geo A 192.0.2.72 id=us country=US hc=HC_us
    geo A 192.0.2.73 id=any country=* hc=HC_any
    """
    static let geolocationEuropeOnly = "geo A 192.0.2.74 id=eu continent=EU"
}

private let california = ScenarioTables.californiaClient

/// RP-11, every vector of the table, in order.
private let vectors: [ScenarioRow] = [
    ScenarioRow(label: "T1 failover, HC1 ok → PRIMARY", zone: VectorZones.failoverPair, qname: "www.example.com",
                expected: .values(["192.0.2.1"])),
    ScenarioRow(label: "T2 failover, HC1 fail, HC2 ok → SECONDARY", zone: VectorZones.failoverPair, failing: ["HC1"],
                qname: "www.example.com", expected: .values(["192.0.2.2"])),
    ScenarioRow(label: "T3 failover, both fail → PRIMARY", zone: VectorZones.failoverPair, failing: ["HC1", "HC2"],
                qname: "www.example.com", expected: .values(["192.0.2.1"])),
    ScenarioRow(label: "T4 failover, SECONDARY without HC, HC1 fail → SECONDARY", zone: VectorZones.failoverSecondaryUnchecked,
                failing: ["HC1"], qname: "www.example.com", expected: .values(["192.0.2.2"])),
    ScenarioRow(label: "T5 weighted 1/1/0, all ok → a or b, never c", zone: VectorZones.weighted, qname: "w.example.com",
                expected: .values(["192.0.2.10", "192.0.2.11"])),
    ScenarioRow(label: "T6 weighted, a and b fail, c ok → c", zone: VectorZones.weighted, failing: ["HC_a", "HC_b"],
                qname: "w.example.com", expected: .values(["192.0.2.12"])),
    ScenarioRow(label: "T7 weighted, a, b, c fail → a or b (last resort by weight)", zone: VectorZones.weighted,
                failing: ["HC_a", "HC_b", "HC_c"], qname: "w.example.com", expected: .values(["192.0.2.10", "192.0.2.11"])),
    ScenarioRow(label: "T8 weighted all w=0, no HCs → uniform over all", zone: VectorZones.weightedAllZero,
                qname: "w.example.com", expected: .values(["192.0.2.13", "192.0.2.14", "192.0.2.15"])),
    ScenarioRow(label: "T9 multivalue ×10, no HCs → 8 distinct per answer", zone: VectorZones.multivalueTen,
                qname: "mv.example.com", expected: .values(Set((101...110).map { "192.0.2.\($0)" }), perAnswer: 8)),
    ScenarioRow(label: "T10 multivalue ×3, one ok → exactly that one", zone: VectorZones.multivalueThree,
                failing: ["HC_m1", "HC_m3"], qname: "mv.example.com", expected: .values(["192.0.2.112"])),
    ScenarioRow(label: "T11 multivalue ×3, all fail → all three", zone: VectorZones.multivalueThree,
                failing: ["HC_m1", "HC_m2", "HC_m3"], qname: "mv.example.com",
                expected: .values(["192.0.2.111", "192.0.2.112", "192.0.2.113"], perAnswer: 3)),
    ScenarioRow(label: "T12 latency alias ETH, us-east-1 nearest, both use1 fail → an euw1 value",
                zone: VectorZones.latencyTree(), failing: ["HC_u1", "HC_u2"], client: california, qname: "app.example.com",
                expected: .values(["192.0.2.41", "192.0.2.42"])),
    ScenarioRow(label: "T13 T12 with ETH=false on us-east-1 → a use1 value (last resort in use1)",
                zone: VectorZones.latencyTree(useETH: false), failing: ["HC_u1", "HC_u2"], client: california,
                qname: "app.example.com", expected: .values(["192.0.2.31", "192.0.2.32"])),
    ScenarioRow(label: "T14 T12 with one use1 record unchecked, its sibling fails → that record",
                zone: VectorZones.latencyTree(u2Check: false), failing: ["HC_u1"], client: california,
                qname: "app.example.com", expected: .values(["192.0.2.32"])),
    ScenarioRow(label: "T15 failover alias ETH → group G all failing → maint", zone: VectorZones.failoverAliasTree,
                failing: ["HC_g1", "HC_g2"], qname: "fa.example.com", expected: .values(["192.0.2.60"])),
    ScenarioRow(label: "T16 T15 with maint failing too → a G member (primary, last resort in G)",
                zone: VectorZones.failoverAliasTree, failing: ["HC_g1", "HC_g2", "HC_maint"], qname: "fa.example.com",
                expected: .values(["192.0.2.51", "192.0.2.52"])),
    ScenarioRow(label: "T17 apex alias A → www: www's values, owner example.com., TTL 60, no CNAME",
                zone: VectorZones.apexAlias, qname: "example.com",
                expected: .records(["example.com. 60 IN A 192.0.2.1", "example.com. 60 IN A 192.0.2.2"])),
    ScenarioRow(label: "T18 T17 queried AAAA → NODATA + SOA", zone: VectorZones.apexAlias, qname: "example.com",
                qtype: .aaaa, expected: .nodata),
    ScenarioRow(label: "T19 geolocation, US-CA fails, client in CA → the US record", zone: VectorZones.geolocationStates,
                failing: ["HC_ca"], client: california, qname: "geo.example.com", expected: .values(["192.0.2.72"])),
    ScenarioRow(label: "T20 geolocation, only EU, client in US → NODATA", zone: VectorZones.geolocationEuropeOnly,
                client: california, qname: "geo.example.com", expected: .nodata),
]

@Suite("RP-11 test vectors T1–T20")
struct RoutingVectorTests {
    @Test(arguments: vectors)
    func vector(_ row: ScenarioRow) throws {
        try row.check()
    }

    @Test("the table holds all twenty vectors")
    func complete() {
        #expect(vectors.map { String($0.label.split(separator: " ")[0]) } == (1...20).map { "T\($0)" })
    }
}
