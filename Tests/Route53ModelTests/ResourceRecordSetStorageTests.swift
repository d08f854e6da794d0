import DNSWire
import Route53Model
import Testing

/// `ResourceRecordSet` keeps policy, alias and health-check fields in a shared box (issue 6, scale);
/// it must still behave as a plain value: setters, equality and hashing over the logical fields.
@Suite("ResourceRecordSet storage")
struct ResourceRecordSetStorageTests {
    static let name = try! DomainName("www.example.com.")
    static let simple = ResourceRecordSet(name: name, type: .a, ttl: 60, records: [RecordValue(text: "192.0.2.1", rdata: [192, 0, 2, 1])])

    /// One edit per row: applying it makes the set differ from `simple`; undoing it makes them equal again.
    static let edits: [(String, @Sendable (inout ResourceRecordSet) -> Void, @Sendable (inout ResourceRecordSet) -> Void)] = [
        ("setIdentifier", { $0.setIdentifier = "a" }, { $0.setIdentifier = nil }),
        ("routing", { $0.routing = .weighted(weight: 5) }, { $0.routing = .simple }),
        ("healthCheckId", { $0.healthCheckId = "check" }, { $0.healthCheckId = nil }),
        ("aliasTarget", { $0.aliasTarget = AliasTarget(hostedZoneId: "Z1", dnsName: name, evaluateTargetHealth: true) },
         { $0.aliasTarget = nil }),
        ("ttl", { $0.ttl = 61 }, { $0.ttl = 60 }),
    ]

    @Test("each field can be set and cleared; equality and hash follow the values", arguments: 0..<edits.count)
    func setAndClear(_ row: Int) {
        let (_, apply, undo) = Self.edits[row]
        var set = Self.simple
        apply(&set)
        #expect(set != Self.simple)
        var again = Self.simple
        apply(&again)
        #expect(set == again)
        #expect(set.hashValue == again.hashValue)
        undo(&set)
        #expect(set == Self.simple)
        #expect(set.hashValue == Self.simple.hashValue)
    }

    @Test("a copy does not see later edits of the original")
    func valueSemantics() {
        var original = ResourceRecordSet(name: Self.name, type: .a, ttl: 60, setIdentifier: "one", routing: .failover(.primary),
                                         healthCheckId: "c1")
        let copy = original
        original.setIdentifier = "two"
        original.routing = .failover(.secondary)
        #expect(copy.setIdentifier == "one")
        #expect(copy.routing == .failover(.primary))
        #expect(copy.healthCheckId == "c1")
        #expect(original.healthCheckId == "c1")
        #expect(original.isAlias == false)
    }

    @Test("the initializer and the setters agree")
    func initializerMatchesSetters() {
        let target = AliasTarget(hostedZoneId: "Z1", dnsName: Self.name, evaluateTargetHealth: false)
        let built = ResourceRecordSet(name: Self.name, type: .a, aliasTarget: target, setIdentifier: "x", routing: .multivalue,
                                      healthCheckId: "h")
        var edited = ResourceRecordSet(name: Self.name, type: .a)
        edited.healthCheckId = "h"
        edited.routing = .multivalue
        edited.setIdentifier = "x"
        edited.aliasTarget = target
        #expect(built == edited)
        #expect(Set([built, edited]).count == 1)
        #expect(built.isAlias)
    }

    /// A million-set zone holds one of these per set: field order keeps it at 32 bytes (issue 6, scale).
    @Test("a record set is 32 bytes")
    func footprint() {
        #expect(MemoryLayout<ResourceRecordSet>.stride == 32)
    }

    /// The prefetch hint reads two references out of an element in place by their field offsets
    /// (issue 6, scale; a stored field that stopped being one would trap here): it must leave
    /// every set as it was and ignore positions past the end.
    @Test("prefetchObjects changes nothing and ignores positions past the end")
    func prefetchIsOnlyAHint() {
        let sets = [Self.simple, ResourceRecordSet(name: .root, type: .ns), Self.simple]
        sets.withUnsafeBufferPointer { buffer in
            for index in 0..<(buffer.count + 20) { ResourceRecordSet.prefetchObjects(buffer, at: index) }
        }
        #expect(sets == [Self.simple, ResourceRecordSet(name: .root, type: .ns), Self.simple])
    }
}
