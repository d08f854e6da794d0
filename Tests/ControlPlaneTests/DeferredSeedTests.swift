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
        try fixture.service.commitPendingWrites()
        #expect(!fixture.service.hasPendingWrites)
        #expect(try Self.onDisk(directory) == ["ZSEED seed.test. NS", "ZSEED seed.test. SOA", "ZSEED www.seed.test. A"])
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
}
