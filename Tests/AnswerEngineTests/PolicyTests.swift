import AnswerEngine
import DNSWire
import Testing

/// One RP-11-style scenario: a name, the failing health checks, and what the answers over many
/// seeded queries must look like.
struct HealthRow: CustomTestStringConvertible, Sendable {
    let label: String
    let qname: String
    let failing: [String]
    /// Every A value seen over all queries, exactly (nothing else may appear).
    let seen: Set<String>
    /// A records per answer.
    var perAnswer = 1

    var testDescription: String { label }
}

private let healthRows: [HealthRow] = [
    HealthRow(label: "T1 failover, primary healthy", qname: "fo.example.com", failing: [], seen: ["192.0.2.11"]),
    HealthRow(label: "T2 failover, primary failing", qname: "fo.example.com", failing: ["hc-primary"], seen: ["192.0.2.12"]),
    HealthRow(label: "T3 failover, both failing → PRIMARY", qname: "fo.example.com",
              failing: ["hc-primary", "hc-secondary"], seen: ["192.0.2.11"]),
    HealthRow(label: "T4 failover, SECONDARY without health check", qname: "fo2.example.com", failing: ["hc-fo2"],
              seen: ["192.0.2.14"]),
    HealthRow(label: "RP-05 lone SECONDARY answers even when failing", qname: "fo3.example.com", failing: ["hc-fo3"],
              seen: ["192.0.2.15"]),
    HealthRow(label: "T5 weighted 1/1/0 all healthy: never the zero weight", qname: "w.example.com", failing: [],
              seen: ["192.0.2.21", "192.0.2.22"]),
    HealthRow(label: "T6 weighted: non-zero failing → zero weight", qname: "w.example.com", failing: ["hc-a", "hc-b"],
              seen: ["192.0.2.23"]),
    HealthRow(label: "T7 weighted: all failing → last resort by weight", qname: "w.example.com",
              failing: ["hc-a", "hc-b", "hc-c"], seen: ["192.0.2.21", "192.0.2.22"]),
    HealthRow(label: "T8 weighted all zero → uniform over all", qname: "w0.example.com", failing: [],
              seen: ["192.0.2.71", "192.0.2.72", "192.0.2.73"]),
    HealthRow(label: "T9 multivalue ×10 → 8 distinct per answer", qname: "mv10.example.com", failing: [],
              seen: Set((151...160).map { "192.0.2.\($0)" }), perAnswer: 8),
    HealthRow(label: "T10 multivalue, one healthy → exactly that one", qname: "mv3.example.com",
              failing: ["hc-m1", "hc-m3"], seen: ["192.0.2.92"]),
    HealthRow(label: "T11 multivalue, all failing → all of them", qname: "mv3.example.com",
              failing: ["hc-m1", "hc-m2", "hc-m3"], seen: ["192.0.2.91", "192.0.2.92", "192.0.2.93"], perAnswer: 3),
    HealthRow(label: "T15 failover alias ETH: primary group failing → secondary", qname: "fa.example.com",
              failing: ["hc-a", "hc-b", "hc-c"], seen: ["192.0.2.80"]),
    HealthRow(label: "T16 failover alias ETH: everything failing → primary, last resort in group", qname: "fa.example.com",
              failing: ["hc-a", "hc-b", "hc-c", "hc-maint"], seen: ["192.0.2.21", "192.0.2.22"]),
    HealthRow(label: "AL-07 ETH false keeps the primary alias healthy", qname: "fb.example.com",
              failing: ["hc-a", "hc-b", "hc-c"], seen: ["192.0.2.21", "192.0.2.22"]),
    HealthRow(label: "AL-06 alias into a weighted group resolves its policy", qname: "alias-w.example.com",
              failing: ["hc-a"], seen: ["192.0.2.22"]),
    HealthRow(label: "RP-03 simple ignores its health check", qname: "hcs.example.com", failing: ["hc-simple"],
              seen: ["192.0.2.76"]),
]

@Suite("Routing policies and health (RP-02 … RP-06, AL-07)")
struct PolicyTests {
    @Test(arguments: healthRows)
    func scenario(_ row: HealthRow) throws {
        let health = Exchange.health(Dictionary(uniqueKeysWithValues: row.failing.map { ($0, false) }))
        var seen = Set<String>()
        for seed in UInt64(1)...200 {
            let reply = try #require(Exchange.ask(row.qname, .a, health: health, seed: seed))
            #expect(reply.rcode == .noError && reply.aa)
            let values = reply.answer.compactMap { $0.split(separator: " ").last.map(String.init) }
            #expect(values.count == row.perAnswer)
            #expect(Set(values).count == values.count, "duplicate values in one answer")
            // The answer owner is QNAME even when an alias chain resolved it (AL-06).
            #expect(reply.answer.allSatisfy { $0.hasPrefix(row.qname + ". ") })
            seen.formUnion(values)
        }
        #expect(seen == row.seen)
    }

    @Test("RP-04 weights 3:1 give about 75% / 25% over seeded queries")
    func weightedDistribution() throws {
        var heavy = 0
        let total = 4000
        for seed in 1...UInt64(total) {
            let reply = try #require(Exchange.ask("w31.example.com", .a, seed: seed))
            if reply.answer == ["w31.example.com. 60 IN A 192.0.2.74"] { heavy += 1 }
        }
        // Deterministic seeds: the bounds only guard against a wrong formula (e.g. 50/50).
        #expect(heavy > total * 70 / 100 && heavy < total * 80 / 100)
    }

    @Test("RR-10 values of one record set come back in varying order")
    func valueOrderIsShuffled() throws {
        var orders = Set<[String]>()
        for seed in UInt64(1)...50 {
            let reply = try #require(Exchange.ask("www.example.com", .a, seed: seed))
            orders.insert(reply.message.answers.map { $0.rdata.map(String.init).joined(separator: ".") })
        }
        #expect(orders.count == 2)
    }

    @Test("the snapshot lists health checks in sorted slot order")
    func healthSlots() {
        let ids = Fixtures.snapshot.healthCheckIDs
        #expect(ids == ids.sorted())
        #expect(ids.contains("hc-primary") && ids.contains("hc-maint"))
    }
}
