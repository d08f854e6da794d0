import AnswerEngine
import DNSWire
import Testing

/// What the listeners' responder entry reports for counting and logging (issue 5 items 3 and 4):
/// the zone a query is attributed to, QTYPE, RCODE and TC — and that it answers the same bytes as
/// the plain entry.
@Suite("Query outcome and counters")
struct QueryOutcomeTests {
    private static let zone = """
    www A 192.0.2.1 id=p failover=PRIMARY hc=hc-p
    www A 192.0.2.2 id=s failover=SECONDARY hc=hc-s
    big TXT \((1...40).map { "\"padding-\($0)-xxxxxxxxxxxxxxxxxxxxxxxxxx\"" }.joined(separator: ","))
    """

    private static func ask(_ qname: String, _ type: RRType = .a, edns: EDNS? = nil, transport: Transport = .udp,
                            state: ServingState) -> (reply: [UInt8]?, outcome: QueryOutcome) {
        let packet = Message.queryBytes(id: 9, name: Fixtures.name(qname), type: type, edns: edns)
        return raw(packet, transport: transport, state: state)
    }

    private static func raw(_ packet: [UInt8], transport: Transport = .udp,
                            state: ServingState) -> (reply: [UInt8]?, outcome: QueryOutcome) {
        var outcome = QueryOutcome()
        let reply = packet.withUnsafeBytes {
            Responder.respond(to: $0, transport: transport, client: nil, state: state, outcome: &outcome)
        }
        return (reply, outcome)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var qname: String
        var type: RRType
        var edns: EDNS?
        var kind: QueryOutcome.Kind
        var zoneID: String?
        var rcode: RCode
        var truncated = false
        var testDescription: String { "\(qname) \(type) → \(rcode)" }
    }

    static let rows: [Row] = [
        Row(qname: "www.example.com", type: .a, kind: .query, zoneID: "ZEXAMPLE", rcode: .noError),
        Row(qname: "nope.example.com", type: .a, kind: .query, zoneID: "ZEXAMPLE", rcode: .nxDomain),
        Row(qname: "www.example.com", type: .mx, kind: .query, zoneID: "ZEXAMPLE", rcode: .noError),
        Row(qname: "www.example.org", type: .a, kind: .query, zoneID: nil, rcode: .refused),
        // Refused before the lookup (DNS-10, RFC 6891): still the zone's query.
        Row(qname: "example.com", type: .axfr, kind: .query, zoneID: "ZEXAMPLE", rcode: .refused),
        Row(qname: "www.example.com", type: .a, edns: EDNS(version: 1), kind: .query, zoneID: "ZEXAMPLE", rcode: .badVers),
        Row(qname: "big.example.com", type: .txt, kind: .query, zoneID: "ZEXAMPLE", rcode: .noError, truncated: true),
    ]

    @Test("each query is attributed to its zone with QTYPE, RCODE and TC", arguments: rows)
    func attribution(_ row: Row) throws {
        let state = ServingState(snapshot: try ScenarioZone.snapshot(Self.zone))
        let (reply, outcome) = Self.ask(row.qname, row.type, edns: row.edns, state: state)
        let bytes = try #require(reply)
        #expect(outcome.kind == row.kind)
        #expect(state.snapshot.zoneID(at: outcome.zone) == row.zoneID)
        #expect(outcome.type == row.type)
        #expect(outcome.rcode == row.rcode)
        #expect(outcome.truncated == row.truncated)
        #expect((bytes[2] & 0x02 != 0) == row.truncated)
        #expect(outcome.name == Fixtures.name(row.qname))
    }

    @Test("the outcome entry answers exactly what the plain entry answers")
    func sameBytes() throws {
        let state = ServingState(snapshot: try ScenarioZone.snapshot(Self.zone))
        let packet = Message.queryBytes(id: 4, name: Fixtures.name("nope.example.com"), type: .a)
        let plain = packet.withUnsafeBytes { Responder.respond(to: $0, transport: .udp, client: nil, state: state) }
        #expect(Self.raw(packet, state: state).reply == plain)
    }

    @Test("header-only replies and drops are reported, unattributed")
    func malformed() throws {
        let state = ServingState(snapshot: try ScenarioZone.snapshot(Self.zone))
        // QDCOUNT 2: FORMERR; opcode NOTIFY: NOTIMP; shorter than a header: dropped.
        let formErr = Self.raw([0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0], state: state)
        #expect(formErr.outcome.kind == .malformed && formErr.outcome.rcode == .formErr && formErr.outcome.zone == -1)
        let notify = Self.raw([0, 1, 0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0], state: state)
        #expect(notify.outcome.kind == .notImplemented && notify.outcome.rcode == .notImp)
        let short = Self.raw([0, 1, 0], state: state)
        #expect(short.reply == nil && short.outcome.kind == .dropped)
    }

    @Test("counts land in the zone's cell and survive a recompile with the same registry")
    func counting() throws {
        let counters = QueryCounters()
        let zone = try ScenarioZone.zone(Self.zone)
        let first = SnapshotCompiler.compile(zones: [zone], routingTables: .empty, generation: 1, counters: counters)
        let state = ServingState(snapshot: first)
        for _ in 0..<3 { first.count(Self.ask("www.example.com", state: state).outcome, transport: .udp) }
        first.count(Self.ask("nope.example.com", transport: .tcp, state: state).outcome, transport: .tcp)
        first.count(Self.ask("www.example.org", state: state).outcome, transport: .udp)
        first.count(Self.ask("big.example.com", .txt, state: state).outcome, transport: .udp)

        // A zone edit recompiles: the zone keeps its block.
        let second = SnapshotCompiler.compile(zones: [zone], routingTables: .empty, generation: 2, counters: counters)
        second.count(Self.ask("www.example.com", state: ServingState(snapshot: second)).outcome, transport: .udp)

        let blocks = counters.allBlocks()
        #expect(blocks.map(\.zoneID) == ["ZEXAMPLE", "-"])
        let (zoneBlock, outside) = (blocks[0], blocks[1])
        #expect(zoneBlock.zoneName == "example.com.")
        func cell(_ type: Int, _ rcode: String, _ transport: Int) -> Int {
            QueryCounterCell.index(typeSlot: type, rcodeSlot: QueryCounterCell.rcodeLabels.firstIndex(of: rcode)!,
                                   transportSlot: transport)
        }
        let a = QueryCounterCell.typeLabels.firstIndex(of: "A")!
        let txt = QueryCounterCell.typeLabels.firstIndex(of: "TXT")!
        #expect(zoneBlock.value(ofCell: cell(a, "NOERROR", 0)) == 4)
        #expect(zoneBlock.value(ofCell: cell(a, "NXDOMAIN", 1)) == 1)
        #expect(zoneBlock.value(ofCell: cell(txt, "NOERROR", 0)) == 1)
        #expect(zoneBlock.truncated(.udp) == 1 && zoneBlock.truncated(.tcp) == 0)
        #expect(outside.value(ofCell: cell(a, "REFUSED", 0)) == 1)
        let total = (0..<QueryCounterCell.count).reduce(0) { $0 + zoneBlock.value(ofCell: $1) + outside.value(ofCell: $1) }
        #expect(total == 7)

        // Dropped from the served zones: its block goes.
        _ = SnapshotCompiler.compile(zones: [], routingTables: .empty, generation: 3, counters: counters)
        #expect(counters.allBlocks().map(\.zoneID) == ["-"])
    }

    @Test("cell indexes round-trip through their slots")
    func cells() {
        var seen = Set<Int>()
        for type in QueryCounterCell.typeLabels.indices {
            for rcode in QueryCounterCell.rcodeLabels.indices {
                for transport in QueryCounterCell.transportLabels.indices {
                    let index = QueryCounterCell.index(typeSlot: type, rcodeSlot: rcode, transportSlot: transport)
                    #expect(QueryCounterCell.slots(of: index) == (type, rcode, transport))
                    seen.insert(index)
                }
            }
        }
        #expect(seen == Set(0..<QueryCounterCell.count))
    }

    @Test("failover groups report the member the engine serves (RP-05)")
    func failoverGroups() throws {
        let snapshot = try ScenarioZone.snapshot(Self.zone)
        func served(_ statuses: [String: Bool]) -> [String] {
            let state = ServingState(snapshot: snapshot, healthStatuses: statuses)
            let groups = snapshot.failoverGroups(health: state.health)
            return groups.flatMap { group in group.members.filter(\.served).map { "\(group.name) \(group.type) \($0.setIdentifier) \($0.role)" } }
        }
        #expect(served([:]) == ["www.example.com. A p PRIMARY"])
        #expect(served(["hc-p": false]) == ["www.example.com. A s SECONDARY"])
        // Both unhealthy: the PRIMARY answers as the last resort.
        #expect(served(["hc-p": false, "hc-s": false]) == ["www.example.com. A p PRIMARY"])
    }
}
