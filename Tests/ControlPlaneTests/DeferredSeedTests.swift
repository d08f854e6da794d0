import ControlPlane
import DNSWire
import LabStore
import Route53Model
import Testing

/// The daemon publishes the configuration before writing its seed rows, so a large config zone
/// answers sooner (issue 6, scale); the rows are written before any API write is acknowledged.
@Suite("Deferred startup seed (issue 6, issue 4 item 4)")
struct DeferredSeedTests {
    static func configZone() throws -> HostedZone {
        var zone = try HostedZoneFactory.makeZone(name: try DomainName("seed.test."), callerReference: "seed", isPrivate: false,
                                                  id: "ZSEED", seed: 3)
        zone.recordSets.append(try RecordSetText.recordSet(RecordSetFields(name: "www.seed.test.", type: "A", ttl: 60,
                                                                           values: ["192.0.2.7"])))
        return zone
    }

    static let keysMeta = "config-record-keys:ZSEED"

    /// The zone IDs and record-set names a fresh open of `directory` finds on disk.
    static func onDisk(_ directory: DaemonlessTemporaryDirectory) throws -> [String] {
        try StateStore(directory: directory.path).load().zones.flatMap { stored in
            stored.zone.recordSets.map { "\(stored.zone.id) \($0.name) \($0.type)" }
        }
    }

    /// A service over a store in `directory` seeded with `configZone`, its commit deferred or not.
    static func fixture(_ directory: DaemonlessTemporaryDirectory, deferred: Bool = true) throws -> Route53ServiceFixture {
        try Route53ServiceFixture(zones: [try configZone()], store: try StateStore(directory: directory.path), deferSeedCommit: deferred)
    }

    @Test("the seed is served at once, on disk only after commitPendingWrites")
    func servedBeforeCommitted() throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        let fixture = try Self.fixture(directory)
        #expect(fixture.publisher.store.current.snapshot.zoneNames == [try DomainName("seed.test.")])
        #expect(fixture.service.hostedZones.map(\.id) == ["ZSEED"])
        #expect(fixture.service.hasPendingWrites)
        #expect(try Self.onDisk(directory).isEmpty)
        // The config record keys are computed only for the commit (~7 % of a million-record cold start).
        #expect(try StateStore(directory: directory.path).meta(Self.keysMeta) == nil)
        try fixture.service.commitPendingWrites()
        #expect(!fixture.service.hasPendingWrites)
        #expect(try Self.onDisk(directory) == ["ZSEED seed.test. NS", "ZSEED seed.test. SOA", "ZSEED www.seed.test. A"])
        let keys = try #require(try StateStore(directory: directory.path).meta(Self.keysMeta))
        #expect(keys.hasPrefix("h:") && keys.utf8.count == 2 + 3 * 16)
        // A second commit has nothing left to write.
        try fixture.service.commitPendingWrites()
    }

    @Test("an API write before the commit writes the seed first, in the same transaction")
    func writeCommitsSeedFirst() throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        let fixture = try Self.fixture(directory)
        let labId = try fixture.labZone()
        #expect(!fixture.service.hasPendingWrites)
        let rows = try Self.onDisk(directory)
        #expect(rows.prefix(3) == ["ZSEED seed.test. NS", "ZSEED seed.test. SOA", "ZSEED www.seed.test. A"])
        #expect(rows.contains("\(labId) www.lab.test. A"))
    }

    @Test("a restart after an uncommitted seed seeds again from the config")
    func crashBeforeCommit() throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        do {
            _ = try Self.fixture(directory)
        }
        #expect(try Self.onDisk(directory).isEmpty)
        let restarted = try Self.fixture(directory, deferred: false)
        #expect(restarted.service.hostedZones.map(\.id) == ["ZSEED"])
        #expect(try Self.onDisk(directory).count == 3)
    }

    /// The config record keys stay in the store, not in memory (issue 6, scale): a config change
    /// must still tell the API's record sets from the config's (issue 4 item 4), whether the keys
    /// come from the store (committed) or from the seed still waiting to be committed.
    @Test("a config change keeps the API's record sets, with the keys committed or pending", arguments: [true, false])
    func configChangeKeepsAPISets(committedFirst: Bool) throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        // The API set is written through a non-deferred service over the same store, then a
        // deferred one reloads from that state.
        do {
            let first = try Self.fixture(directory, deferred: false)
            _ = try first.service.changeResourceRecordSets(zoneId: "ZSEED", batch: ChangeBatch(comment: nil, changes: [
                .init(action: "CREATE", recordSet: RecordSetFields(name: "api.seed.test", type: "A", ttl: 60, values: ["192.0.2.99"])),
            ]), actor: "test")
        }
        var changed = try Self.configZone()
        changed.recordSets.append(try RecordSetText.recordSet(RecordSetFields(name: "new.seed.test.", type: "A", ttl: 60,
                                                                              values: ["192.0.2.8"])))
        let fixture = try Route53ServiceFixture(zones: [changed], store: try StateStore(directory: directory.path), deferSeedCommit: true)
        if committedFirst { try fixture.service.commitPendingWrites() }
        // A second change while the first may still be pending: `new` is a config set now (the
        // keys of the first change), so dropping it from the config drops it; reading the older
        // keys would keep it as if the API had made it.
        try fixture.service.reload(seed: 7, routingTables: .empty, configZones: [try Self.configZone()], configHealthChecks: [])
        try fixture.service.commitPendingWrites()
        let rows = try Self.onDisk(directory)
        #expect(rows.contains("ZSEED api.seed.test. A"))
        #expect(!rows.contains("ZSEED new.seed.test. A"))
        #expect(rows.contains("ZSEED www.seed.test. A"))
    }

    /// A restart with an unchanged config takes a pristine zone's sets from the config (its rows
    /// are not decoded, issue 6, scale); after an API edit the rows are read again, so the edit
    /// survives every later restart (issue 4 item 4).
    @Test("restarts: pristine zones come from the config, edited ones from the store")
    func restartReusesPristineZones() throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        let config = try Self.configZone()
        let digest = try Self.storedDigest(directory, seeding: config)
        let digests = [config.id: try #require(digest)]
        #expect(try StateStore(directory: directory.path).load(configDigests: digests).recordSetsNotLoaded == [config.id])
        do {
            let restarted = try Self.fixture(directory, deferred: false)
            #expect(restarted.service.hostedZones.first?.recordSets == config.recordSets)
            _ = try restarted.service.changeResourceRecordSets(zoneId: config.id, batch: ChangeBatch(comment: nil, changes: [
                .init(action: "UPSERT", recordSet: RecordSetFields(name: "www.seed.test", type: "A", ttl: 60, values: ["192.0.2.42"])),
            ]), actor: "test")
        }
        #expect(try StateStore(directory: directory.path).load(configDigests: digests).recordSetsNotLoaded.isEmpty)
        for _ in 0..<2 {
            let restarted = try Self.fixture(directory, deferred: false)
            let www = restarted.service.hostedZones.first?.recordSets.first { $0.name == (try? DomainName("www.seed.test.")) }
            #expect(www?.records.map(\.text) == ["192.0.2.42"])
        }
    }

    /// Seeds `zone` into a store in `directory` (committed) and returns the digest it was stored with.
    static func storedDigest(_ directory: DaemonlessTemporaryDirectory, seeding zone: HostedZone) throws -> String? {
        _ = try fixture(directory, deferred: false)
        return try StateStore(directory: directory.path).load().zones.first { $0.zone.id == zone.id }?.configDigest
    }
}
