@testable import AnswerEngine
import DNSWire
import Route53Model
import Testing

/// Groups and members are laid out per node in zone-wide arrays (issue 6, scale): a name's record
/// sets added apart from each other still form one group per type, in the order each type first
/// appeared, members in added order (RR-01, RP-01).
@Suite("Zone layout")
struct ZoneLayoutTests {
    static func set(_ name: String, _ type: String, _ value: String, id: String? = nil) throws -> ResourceRecordSet {
        var fields = RecordSetFields(name: name, type: type, ttl: 60, values: [value])
        fields.setIdentifier = id
        if id != nil { fields.routing = .weighted(weight: 1) }
        return try RecordSetText.recordSet(fields)
    }

    @Test("interleaved names and types")
    func interleaved() throws {
        var builder = ZoneBuilder(id: "Z", apex: try DomainName("lay.test."), healthSlots: [:])
        let sets = [try Self.set("x.lay.test.", "A", "192.0.2.1", id: "1"), try Self.set("y.lay.test.", "A", "192.0.2.9"),
                    try Self.set("x.lay.test.", "TXT", "\"t\""), try Self.set("x.lay.test.", "A", "192.0.2.2", id: "2"),
                    try Self.set("a.y.lay.test.", "AAAA", "2001:db8::1"), try Self.set("x.lay.test.", "A", "192.0.2.3", id: "3")]
        for set in sets { builder.add(set) }
        let zone = builder.finish()
        func layout(_ name: String) throws -> [String] {
            let node = try #require(zone.index.find(try DomainName(name).wire[...], in: zone.nodes))
            return zone.nodes[Int(node)].groups.map { group in
                "\(group.type) " + group.members.map { $0.values.map(\.text).joined(separator: ",") }.joined(separator: " ")
            }
        }
        #expect(try layout("x.lay.test.") == ["A 192.0.2.1 192.0.2.2 192.0.2.3", "TXT \"t\""])
        #expect(try layout("y.lay.test.") == ["A 192.0.2.9"])
        #expect(try layout("a.y.lay.test.") == ["AAAA 2001:db8::1"])
        #expect(try layout("lay.test.").isEmpty)
    }

    /// One node, group and member per name of a million-name zone: these strides are its snapshot
    /// size (issue 6, scale), so growing one is a decision, not an accident.
    @Test("per-name structures keep their size")
    func footprint() {
        #expect(MemoryLayout<PolicyGroup>.stride == 32)
        #expect(MemoryLayout<PolicyMember>.stride == 32)
        #expect(MemoryLayout<ZoneNode>.stride == 32)
    }
}
