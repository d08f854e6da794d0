import AnswerEngine
import DNSWire
import Testing

@Suite("Fixtures")
struct FixtureTests {
    @Test("the fixture zones parse and compile (public zones only)")
    func fixturesCompile() throws {
        let zones = try Fixtures.zones()
        #expect(zones.count == 5)
        let snapshot = SnapshotCompiler.compile(zones: zones, generation: 7)
        #expect(snapshot.generation == 7)
        #expect(snapshot.zoneNames.map(\.description) == ["example.com.", "kid.example.com.", "other.test.", "lonely.other.test."])
        #expect(Fixtures.snapshot.zoneCount == 4)
    }
}
