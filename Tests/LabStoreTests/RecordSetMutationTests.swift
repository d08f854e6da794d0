import DNSWire
import Foundation
import LabStore
import Route53Model
import Testing

/// `putRecordSets`, `deleteRecordSets`, `putZone`, `putZoneMetadata` and `deleteZone`.
@Suite("record set mutations")
struct RecordSetMutationTests {
    /// A store holding `example.test.` with apex NS + SOA and `a`, `b`, `c` A records, in that order.
    private func storeWithZone() throws -> (StateStore, HostedZone) {
        var zone = try StoreFixtures.zone("example.test.")
        zone.recordSets += try ["a", "b", "c"].map { try StoreFixtures.set("\($0).example.test.") }
        let store = try StateStore.inMemory()
        try store.write([.putZone(StoreFixtures.stored(zone))])
        return (store, zone)
    }

    private func ownerNames(_ store: StateStore) throws -> [String] {
        try store.load().zones.first?.zone.recordSets.map { "\($0.name)/\($0.type)/\($0.setIdentifier ?? "-")" } ?? []
    }

    @Test("putRecordSets replaces by key in place and appends new sets in the order given")
    func putReplacesInPlaceAndAppends() throws {
        let (store, zone) = try storeWithZone()
        let replacement = try StoreFixtures.set("b.example.test.", .a, ["192.0.2.99"], ttl: 30)
        let newSets = try [StoreFixtures.set("z.example.test."), StoreFixtures.set("d.example.test.", .aaaa, ["2001:db8::d"])]
        try store.write([.putRecordSets(zoneId: zone.id, [newSets[0], replacement, newSets[1]])])

        #expect(try ownerNames(store) == ["example.test./NS/-", "example.test./SOA/-", "a.example.test./A/-",
                                          "b.example.test./A/-", "c.example.test./A/-", "z.example.test./A/-",
                                          "d.example.test./AAAA/-"])
        #expect(try store.load().zones.first?.zone.recordSets[3] == replacement)
    }

    /// Rows: the set put next to the stored `b.example.test. A`, and whether it replaces it (RR-01 key).
    @Test("the key is (name folded to lower case, type, SetIdentifier)", arguments: [
        ("B.EXAMPLE.TEST.", RRType.a, String?.none, true),
        ("b.example.test.", RRType.aaaa, String?.none, false),
        ("b.example.test.", RRType.a, String?("x"), false),
        ("b.example.test.", RRType.a, String?(""), false),
    ])
    func keyIdentity(name: String, type: RRType, setIdentifier: String?, replaces: Bool) throws {
        let (store, zone) = try storeWithZone()
        let value = type == .a ? "192.0.2.7" : "2001:db8::7"
        let set = try StoreFixtures.set(name, type, [value], id: setIdentifier,
                                        routing: setIdentifier == nil ? .simple : .weighted(weight: 1))
        try store.write([.putRecordSets(zoneId: zone.id, [set])])
        let sets = try #require(try store.load().zones.first?.zone.recordSets)
        #expect(sets.count == (replaces ? 5 : 6))
        let stored = try #require(sets.first { RecordSetKey($0) == RecordSetKey(set) })
        #expect(stored.name.wire == set.name.wire)
        #expect(sets.firstIndex(of: stored) == (replaces ? 3 : 5))
    }

    @Test("deleteRecordSets removes exactly the keys given and keeps the order of the rest")
    func deleteRecordSets() throws {
        let (store, zone) = try storeWithZone()
        try store.write([.deleteRecordSets(zoneId: zone.id, [
            RecordSetKey(name: StoreFixtures.name("B.example.test."), type: .a, setIdentifier: nil),
            RecordSetKey(name: StoreFixtures.name("c.example.test."), type: .a, setIdentifier: "not-there"),
            RecordSetKey(name: StoreFixtures.name("nowhere.example.test."), type: .a, setIdentifier: nil),
        ])])
        #expect(try ownerNames(store) == ["example.test./NS/-", "example.test./SOA/-", "a.example.test./A/-", "c.example.test./A/-"])
        // A later put appends after the last remaining position.
        try store.write([.putRecordSets(zoneId: zone.id, [try StoreFixtures.set("b.example.test.")])])
        #expect(try ownerNames(store).last == "b.example.test./A/-")
    }

    @Test("putZone replaces all of the zone's record sets")
    func putZoneReplacesRecordSets() throws {
        let (store, zone) = try storeWithZone()
        var replaced = zone
        replaced.recordSets = [zone.recordSets[0], zone.recordSets[1], try StoreFixtures.set("x.example.test.")]
        try store.write([.putZone(StoreFixtures.stored(replaced))])
        #expect(try store.load().zones.map(\.zone) == [replaced])
    }

    @Test("putZoneMetadata changes the metadata, keeps record sets and the zone's place")
    func putZoneMetadata() throws {
        let (store, zone) = try storeWithZone()
        let other = try StoreFixtures.zone("other.test.", existing: [zone])
        try store.write([.putZone(StoreFixtures.stored(other))])
        var metadata = zone
        metadata.comment = "new comment"
        metadata.recordSets = []
        let stored = StoredZone(zone: metadata, owner: .config, configDigest: "d2", createdAt: StoreFixtures.createdAt + 5)
        try store.write([.putZoneMetadata(stored)])

        let zones = try store.load().zones
        #expect(zones.map(\.zone.id) == [zone.id, other.id])
        #expect(zones[0].zone.comment == "new comment")
        #expect(zones[0].owner == .config)
        #expect(zones[0].configDigest == "d2")
        #expect(zones[0].createdAt == StoreFixtures.createdAt + 5)
        #expect(zones[0].zone.recordSets == zone.recordSets)
    }

    @Test("deleteZone removes the zone, its record sets and its tags, and nothing of other zones")
    func deleteZone() throws {
        let (store, zone) = try storeWithZone()
        let other = try StoreFixtures.zone("other.test.", existing: [zone])
        let tags = [Tag(key: "k", value: "v")]
        try store.write([.putZone(StoreFixtures.stored(other)),
                         .setTags(TagSetKey(type: .hostedzone, id: zone.id), tags),
                         .setTags(TagSetKey(type: .hostedzone, id: other.id), tags)])
        try store.write([.deleteZone(id: zone.id)])

        let state = try store.load()
        #expect(state.zones.map(\.zone) == [other])
        #expect(state.tags == [TagSetKey(type: .hostedzone, id: other.id): tags])
        // The rows are gone, not merely hidden: the same ID put again has only its new record sets.
        var again = zone
        again.recordSets = Array(zone.recordSets.prefix(2))
        try store.write([.putZone(StoreFixtures.stored(again))])
        #expect(try store.load().zones.last?.zone.recordSets == again.recordSets)
    }

    @Test("deleting objects that do not exist changes nothing and is not an error")
    func idempotentDeletes() throws {
        let (store, _) = try storeWithZone()
        let before = try store.load()
        try store.write([.deleteZone(id: "ZNOPE"), .deleteHealthCheck(id: "nope"), .deleteDelegationSet(id: "NNOPE"),
                         .deleteDrillState(checkId: "nope"), .setTags(TagSetKey(type: .healthcheck, id: "nope"), [])])
        #expect(try store.load() == before)
    }
}
