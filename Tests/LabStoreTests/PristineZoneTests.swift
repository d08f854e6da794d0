import DNSWire
import LabStore
import Route53Model
import Testing

/// A config zone stored exactly as seeded is marked pristine with its digest; a restart passing
/// that digest gets it back without its record-set rows (issue 6, scale). Any other write to its
/// record sets ends the mark, so API edits are always loaded.
@Suite("pristine config zones")
struct PristineZoneTests {
    static let digest = "d1"

    /// A config-owned zone with one extra set, stored and marked pristine with `digest`.
    static func seeded() throws -> (StateStore, HostedZone) {
        let store = try StateStore.inMemory()
        var zone = try StoreFixtures.zone("pristine.test.")
        zone.recordSets.append(try StoreFixtures.set("www.pristine.test."))
        var stored = StoreFixtures.stored(zone, owner: .config)
        stored.configDigest = digest
        try store.write([.putZone(stored), .putMeta(key: StateStore.pristineMetaKey(zone.id), value: digest)])
        return (store, zone)
    }

    /// One row per way a later write can touch the zone; `nil` leaves it pristine.
    static let writes: [(String, (@Sendable (HostedZone) throws -> StoreMutation)?)] = [
        ("no write", nil),
        ("putRecordSets", { .putRecordSets(zoneId: $0.id, [try StoreFixtures.set("api.pristine.test.")]) }),
        ("deleteRecordSets", { .deleteRecordSets(zoneId: $0.id, [RecordSetKey($0.recordSets.last!)]) }),
        ("putZone without a new mark", { zone in
            var stored = StoreFixtures.stored(zone, owner: .config)
            stored.configDigest = digest
            return .putZone(stored)
        }),
    ]

    @Test("skipped only with the same digest and no record-set write since the seed", arguments: writes.indices)
    func skippedWhilePristine(row: Int) throws {
        let (store, zone) = try Self.seeded()
        let (label, write) = Self.writes[row]
        if let write { try store.write([try write(zone)]) }
        let pristine = write == nil
        let same = try store.load(configDigests: [zone.id: Self.digest])
        #expect(same.recordSetsNotLoaded == (pristine ? [zone.id] : []), "\(label)")
        #expect(same.zones[0].zone.recordSets.isEmpty == pristine, "\(label)")
        // Another digest (the config changed) or no digest (an older caller) loads everything.
        for digests in [[zone.id: "d2"], [:]] {
            let full = try store.load(configDigests: digests)
            #expect(full.recordSetsNotLoaded.isEmpty)
            #expect(!full.zones[0].zone.recordSets.isEmpty, "\(label)")
        }
    }

    @Test("an API-owned zone is never skipped, whatever its meta says")
    func apiZonesAlwaysLoad() throws {
        let store = try StateStore.inMemory()
        var zone = try StoreFixtures.zone("api.test.")
        zone.recordSets.append(try StoreFixtures.set("www.api.test."))
        try store.write([.putZone(StoreFixtures.stored(zone)), .putMeta(key: StateStore.pristineMetaKey(zone.id), value: Self.digest)])
        let loaded = try store.load(configDigests: [zone.id: Self.digest])
        #expect(loaded.recordSetsNotLoaded.isEmpty)
        #expect(loaded.zones[0].zone.recordSets == zone.recordSets)
    }
}
