import AnswerEngine
import DNSWire
import Testing

/// Health-vector × query matrices for the policies that depend on health only: failover (RP-05),
/// weighted (RP-04) and multivalue (RP-06). Each row is one health vector.
enum HealthMatrixZones {
    static let primaryUnchecked = """
    www A 192.0.2.1 id=p failover=PRIMARY
    www A 192.0.2.2 id=s failover=SECONDARY hc=HC2
    """
    static let lonePrimary = "www A 192.0.2.1 id=p failover=PRIMARY hc=HC1"
    static let loneSecondary = "www A 192.0.2.2 id=s failover=SECONDARY hc=HC2"
    /// Two values in the chosen set: all of them are returned (RP-05 answers a record set).
    static let failoverMultiValue = """
    www A 192.0.2.1,192.0.2.3 id=p failover=PRIMARY hc=HC1
    www A 192.0.2.2 id=s failover=SECONDARY hc=HC2
    """
    static let weighted = """
    w A 192.0.2.20 id=a weight=2 hc=a
    w A 192.0.2.21 id=b weight=1 hc=b
    w A 192.0.2.22 id=c weight=0 hc=c
    w A 192.0.2.23 id=d weight=0 hc=d
    """
    static let weightedZeroOnly = """
    w A 192.0.2.24 id=x weight=0 hc=x
    w A 192.0.2.25 id=y weight=0 hc=y
    w A 192.0.2.26 id=z weight=0 hc=z
    """
    static let multivalue = (1...10).map { "mv A 192.0.2.\(130 + $0) id=m\($0) multivalue hc=m\($0)" }.joined(separator: "\n")
    static let multivalueMixed = """
    mv A 192.0.2.141 id=1 multivalue hc=m1
    mv A 192.0.2.142 id=2 multivalue
    mv A 192.0.2.143 id=3 multivalue
    """
}

private func values(_ range: ClosedRange<Int>) -> Set<String> {
    Set(range.map { "192.0.2.\($0)" })
}

private func failover(_ label: String, _ zone: String, _ failing: [String], _ seen: Set<String>, perAnswer: Int = 1) -> ScenarioRow {
    ScenarioRow(label: "RP-05 " + label, zone: zone, failing: failing, qname: "www.example.com",
                expected: .values(seen, perAnswer: perAnswer))
}

private func weighted(_ label: String, zone: String = HealthMatrixZones.weighted, _ failing: [String],
                      _ seen: Set<String>) -> ScenarioRow {
    ScenarioRow(label: "RP-04 " + label, zone: zone, failing: failing, qname: "w.example.com", expected: .values(seen))
}

private func multivalue(_ label: String, zone: String = HealthMatrixZones.multivalue, _ failing: [String],
                        _ seen: Set<String>, perAnswer: Int) -> ScenarioRow {
    ScenarioRow(label: "RP-06 " + label, zone: zone, failing: failing, qname: "mv.example.com",
                expected: .values(seen, perAnswer: perAnswer))
}

private let matrix: [ScenarioRow] = [
    failover("both checked: none failing → PRIMARY", VectorZones.failoverPair, [], ["192.0.2.1"]),
    failover("both checked: PRIMARY failing → SECONDARY", VectorZones.failoverPair, ["HC1"], ["192.0.2.2"]),
    failover("both checked: SECONDARY failing → PRIMARY", VectorZones.failoverPair, ["HC2"], ["192.0.2.1"]),
    failover("both checked: both failing → PRIMARY", VectorZones.failoverPair, ["HC1", "HC2"], ["192.0.2.1"]),
    failover("SECONDARY unchecked: none failing → PRIMARY", VectorZones.failoverSecondaryUnchecked, [], ["192.0.2.1"]),
    failover("SECONDARY unchecked: PRIMARY failing → SECONDARY", VectorZones.failoverSecondaryUnchecked, ["HC1"],
             ["192.0.2.2"]),
    failover("PRIMARY unchecked: SECONDARY failing → PRIMARY", HealthMatrixZones.primaryUnchecked, ["HC2"], ["192.0.2.1"]),
    failover("PRIMARY unchecked: nothing failing → PRIMARY", HealthMatrixZones.primaryUnchecked, [], ["192.0.2.1"]),
    failover("lone PRIMARY failing → PRIMARY", HealthMatrixZones.lonePrimary, ["HC1"], ["192.0.2.1"]),
    failover("lone SECONDARY failing → SECONDARY", HealthMatrixZones.loneSecondary, ["HC2"], ["192.0.2.2"]),
    failover("a chosen set answers with all its values", HealthMatrixZones.failoverMultiValue, [],
             ["192.0.2.1", "192.0.2.3"], perAnswer: 2),
    failover("health unrelated to the pair changes nothing", VectorZones.failoverPair, ["HC_unrelated"], ["192.0.2.1"]),

    weighted("2/1/0/0 all healthy → only non-zero weights", [], values(20...21)),
    weighted("a failing → b", ["a"], ["192.0.2.21"]),
    weighted("b failing → a", ["b"], ["192.0.2.20"]),
    weighted("zero weights failing → non-zero as usual", ["c", "d"], values(20...21)),
    weighted("a and c failing → b", ["a", "c"], ["192.0.2.21"]),
    weighted("non-zero all failing → the zero weights, uniformly", ["a", "b"], values(22...23)),
    weighted("non-zero and c failing → d", ["a", "b", "c"], ["192.0.2.23"]),
    weighted("all failing → last resort among non-zero weights", ["a", "b", "c", "d"], values(20...21)),
    weighted("all-zero group, all healthy → all", zone: HealthMatrixZones.weightedZeroOnly, [], values(24...26)),
    weighted("all-zero group, x failing → y or z", zone: HealthMatrixZones.weightedZeroOnly, ["x"], values(25...26)),
    weighted("all-zero group, all failing → all (last resort)", zone: HealthMatrixZones.weightedZeroOnly, ["x", "y", "z"],
             values(24...26)),

    multivalue("10 healthy → 8 of them per answer", [], values(131...140), perAnswer: 8),
    multivalue("9 healthy → 8 of those 9 per answer", ["m1"], values(132...140), perAnswer: 8),
    multivalue("7 healthy → all 7 every time", ["m1", "m2", "m3"], values(134...140), perAnswer: 7),
    multivalue("1 healthy → only it", (1...9).map { "m\($0)" }, ["192.0.2.140"], perAnswer: 1),
    multivalue("all 10 failing → 8 unhealthy ones per answer", (1...10).map { "m\($0)" }, values(131...140), perAnswer: 8),
    multivalue("unchecked members are healthy", zone: HealthMatrixZones.multivalueMixed, ["m1"], values(142...143), perAnswer: 2),
    multivalue("all healthy, mixed → all three", zone: HealthMatrixZones.multivalueMixed, [], values(141...143), perAnswer: 3),
]

@Suite("Health-vector × query matrix: failover, weighted, multivalue")
struct HealthMatrixTests {
    @Test(arguments: matrix)
    func row(_ row: ScenarioRow) throws {
        try row.check()
    }

    @Test("RP-04 weights 2:1 give about two thirds / one third over seeded queries")
    func weightedShares() throws {
        let snapshot = try ScenarioZone.snapshot(HealthMatrixZones.weighted)
        var heavy = 0
        let total = 3000
        for seed in 1...UInt64(total) {
            let reply = try #require(ScenarioExchange.ask("w.example.com", snapshot: snapshot, seed: seed))
            if ScenarioExchange.values(reply) == ["192.0.2.20"] { heavy += 1 }
        }
        // Seeds are fixed, so this is deterministic; the bounds reject 1:1 or 3:1 formulas.
        #expect(heavy > total * 62 / 100 && heavy < total * 71 / 100)
    }

    @Test("RP-06 more than 8 healthy: different queries get different subsets")
    func multivalueSubsetsVary() throws {
        let snapshot = try ScenarioZone.snapshot(HealthMatrixZones.multivalue)
        var subsets = Set<Set<String>>()
        for seed in UInt64(1)...40 {
            let reply = try #require(ScenarioExchange.ask("mv.example.com", snapshot: snapshot, seed: seed))
            subsets.insert(Set(ScenarioExchange.values(reply)))
        }
        #expect(subsets.count > 5)
    }
}
