@testable import AnswerEngine
import DNSWire
import Route53Model
import Testing

@Suite("Snapshot compiler and store")
struct SnapshotTests {
    private static let soaText = "@ 900 SOA ns.a.test. hostmaster.a.test. 1 7200 900 1209600 60\n@ 172800 NS ns.a.test.\n"

    private static func zone(_ apex: String, id: String, _ text: String) throws -> HostedZone {
        Fixtures.zone(apex, id: id, sets: try Fixtures.simpleSets("$ORIGIN \(apex).\n" + text, origin: apex))
    }

    @Test("every ancestor between an owner and the apex is a node (empty non-terminals)")
    func emptyNonTerminals() throws {
        let snapshot = SnapshotCompiler.compile(zones: [try Self.zone("a.test", id: "ZA", Self.soaText + "x.y.z 60 A 192.0.2.1\n")],
                                                generation: 1)
        let zone = try #require(snapshot.zones.first)
        let names = zone.nodes.map(\.name.description)
        #expect(names == ["a.test.", "z.a.test.", "y.z.a.test.", "x.y.z.a.test."])
        #expect(zone.nodes.map(\.isEmptyNonTerminal) == [false, true, true, false])
        // Parents precede their children.
        let parents = zone.nodes.map { node in zone.nodes.firstIndex { $0.name == node.name.parent && node.name != zone.apex } ?? -1 }
        #expect(parents == [-1, 0, 1, 2])
    }

    @Test("cuts mark the highest delegation; wildcard children are linked")
    func cutsAndWildcards() throws {
        let text = Self.soaText + "d 60 NS ns.d.a.test.\nns.d 60 A 192.0.2.1\ne.d 60 NS ns.e.d.a.test.\n*.w 60 TXT \"w\"\n"
        let snapshot = SnapshotCompiler.compile(zones: [try Self.zone("a.test", id: "ZA", text)], generation: 1)
        let zone = try #require(snapshot.zones.first)
        func node(_ name: String) -> ZoneNode? { zone.nodes.first { $0.name == Fixtures.name(name) } }
        let cut = try #require(zone.nodes.firstIndex { $0.name == Fixtures.name("d.a.test") })
        #expect(node("d.a.test")?.cut == Int32(cut))
        #expect(node("ns.d.a.test")?.cut == Int32(cut))
        #expect(node("e.d.a.test")?.cut == Int32(cut))
        #expect(node("a.test")?.cut == -1)
        let wildcard = try #require(zone.nodes.firstIndex { $0.name == Fixtures.name("*.w.a.test") })
        #expect(node("w.a.test")?.wildcardChild == Int32(wildcard))
    }

    @Test("HZ-04 negative SOA TTL is min(SOA TTL, MINIMUM)", arguments: [(900, 60, 60), (900, 86400, 900), (0, 5, 0)])
    func negativeTTL(ttl: Int, minimum: Int, expected: Int) throws {
        let text = "@ \(ttl) SOA ns.a.test. hostmaster.a.test. 1 7200 900 1209600 \(minimum)\n@ 172800 NS ns.a.test.\n"
        let snapshot = SnapshotCompiler.compile(zones: [try Self.zone("a.test", id: "ZA", text)], generation: 1)
        #expect(snapshot.zones.first?.negativeSOA?.ttl == UInt32(expected))
        #expect(snapshot.zones.first?.apexNSGroup != nil)
    }

    @Test("a zone without SOA answers SERVFAIL")
    func zoneWithoutSOA() throws {
        let snapshot = SnapshotCompiler.compile(zones: [try Self.zone("a.test", id: "ZA", "www 60 A 192.0.2.1\n")], generation: 1)
        let reply = try #require(Exchange.ask("www.a.test", .a, snapshot: snapshot))
        #expect(reply.rcode == .servFail && !reply.aa)
    }

    @Test("record sets outside the zone are ignored")
    func strayRecordSet() throws {
        var zone = try Self.zone("a.test", id: "ZA", Self.soaText)
        zone.recordSets.append(ResourceRecordSet(name: Fixtures.name("stray.b.test"), type: .a, ttl: 60,
                                                 records: [RecordValue(text: "192.0.2.9", rdata: [192, 0, 2, 9])]))
        let snapshot = SnapshotCompiler.compile(zones: [zone], generation: 1)
        #expect(snapshot.zones.first?.nodes.count == 1)
        #expect(Exchange.ask("stray.b.test", .a, snapshot: snapshot)?.rcode == .refused)
    }

    @Test("DNS-02: of two public zones with one name, the first is served")
    func duplicateZoneNames() throws {
        let first = try Self.zone("a.test", id: "Z1", Self.soaText + "www 60 A 192.0.2.1\n")
        let second = try Self.zone("a.test", id: "Z2", Self.soaText + "www 60 A 192.0.2.2\n")
        let snapshot = SnapshotCompiler.compile(zones: [first, second], generation: 1)
        #expect(snapshot.zoneCount == 1)
        #expect(Exchange.ask("www.a.test", .a, snapshot: snapshot)?.answer == ["www.a.test. 60 IN A 192.0.2.1"])
    }

    @Test("the empty snapshot refuses everything")
    func emptySnapshot() throws {
        #expect(AnswerSnapshot.empty.zoneCount == 0)
        #expect(Exchange.ask("www.example.com", .a, snapshot: .empty)?.rcode == .refused)
    }

    @Test("SnapshotStore publishes by swapping one reference")
    func storeSwap() async throws {
        let store = SnapshotStore(.empty)
        #expect(store.current.generation == 0)
        let next = SnapshotCompiler.compile(zones: try Fixtures.zones(), generation: 2)
        store.publish(next)
        #expect(store.current.generation == 2)
        #expect(store.current.snapshot.zoneCount == 4)
        // Readers running while generations are published only ever see them in order.
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for generation in UInt64(3)...200 {
                    store.publish(SnapshotCompiler.compile(zones: [], generation: generation))
                }
                return true
            }
            for _ in 0..<2 {
                group.addTask {
                    var last: UInt64 = 0
                    for _ in 0..<2000 {
                        let seen = store.current.generation
                        if seen < last { return false }
                        last = seen
                    }
                    return true
                }
            }
            for await ordered in group { #expect(ordered) }
        }
        #expect(store.current.generation == 200)
    }
}
