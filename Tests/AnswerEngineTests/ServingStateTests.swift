import AnswerEngine
import DNSWire
import Testing

/// `ServingState` and `SnapshotStore`: consistent (snapshot, health) pairs, health kept across zone
/// changes, and the first-answer stamp of the failover timeline (issue 3 items 5 and 7).
@Suite("Serving state and store")
struct ServingStateTests {
    private static let zoneA = """
    www A 192.0.2.1 id=p failover=PRIMARY hc=hc-m
    www A 192.0.2.2 id=s failover=SECONDARY hc=hc-z
    """
    /// zoneA plus a pair whose check sorts first, so every slot of zoneA moves.
    private static let zoneB = zoneA + """

    other A 192.0.2.9 id=p failover=PRIMARY hc=hc-a
    other A 192.0.2.8 id=s failover=SECONDARY
    """

    private static func value(_ qname: String, _ state: ServingState) throws -> [String] {
        ScenarioExchange.values(try #require(ScenarioExchange.ask(qname, state: state)))
    }

    private static func query(_ qname: String = "www.example.com") -> [UInt8] {
        Message.queryBytes(id: 7, name: Fixtures.name(qname), type: .a, class: .in)
    }

    @Test("a new store serves its snapshot with every check healthy, health generation 0")
    func initialState() throws {
        let store = SnapshotStore(try ScenarioZone.snapshot(Self.zoneA, generation: 3))
        #expect(store.current.generation == 3)
        #expect(store.current.snapshot.generation == 3)
        #expect(store.current.healthGeneration == 0)
        #expect(store.healthStatuses.isEmpty)
        #expect(store.current.health == .allHealthy)
        #expect(try Self.value("www.example.com", store.current) == ["192.0.2.1"])
    }

    @Test("publish(health:) swaps health only and counts generations; missing IDs are healthy (HC-12a)")
    func healthPublication() throws {
        let store = SnapshotStore(try ScenarioZone.snapshot(Self.zoneA))
        let zones = store.current.snapshot.generation
        #expect(store.publish(health: ["hc-m": false]) == 1)
        #expect(store.current.snapshot.generation == zones)
        #expect(try Self.value("www.example.com", store.current) == ["192.0.2.2"])
        #expect(!store.current.isHealthy(checkID: "hc-m") && store.current.isHealthy(checkID: "unknown"))
        #expect(store.publish(health: [:]) == 2)
        #expect(try Self.value("www.example.com", store.current) == ["192.0.2.1"])
        #expect(store.current.health == .allHealthy)
    }

    @Test("a zone change keeps health, re-slotted by check ID (issue 3 item 5)")
    func zoneChangeKeepsHealth() throws {
        let store = SnapshotStore(try ScenarioZone.snapshot(Self.zoneA, generation: 1))
        // hc-a is not referenced yet: its status is kept for when it is.
        let generation = store.publish(health: ["hc-m": false, "hc-a": false])
        #expect(store.current.snapshot.healthCheckIDs == ["hc-m", "hc-z"])
        #expect(!store.current.health.isHealthy(slot: 0) && store.current.health.isHealthy(slot: 1))

        store.publish(snapshot: try ScenarioZone.snapshot(Self.zoneB, generation: 2))
        let state = store.current
        #expect(state.generation == 2)
        #expect(state.healthGeneration == generation)
        #expect(state.snapshot.healthCheckIDs == ["hc-a", "hc-m", "hc-z"])
        #expect(!state.health.isHealthy(slot: 0) && !state.health.isHealthy(slot: 1) && state.health.isHealthy(slot: 2))
        #expect(try Self.value("www.example.com", state) == ["192.0.2.2"])
        #expect(try Self.value("other.example.com", state) == ["192.0.2.8"])
        #expect(store.healthStatuses == ["hc-m": false, "hc-a": false])
    }

    @Test("the unlabelled publish used by the publisher behaves like publish(snapshot:)")
    func legacyPublish() throws {
        let store = SnapshotStore(.empty)
        store.publish(health: ["hc-m": false])
        store.publish(try ScenarioZone.snapshot(Self.zoneA, generation: 9))
        #expect(store.current.generation == 9 && store.current.healthGeneration == 1)
        #expect(try Self.value("www.example.com", store.current) == ["192.0.2.2"])
    }

    @Test("the first answer is stamped once, after publication; drops and FORMERR do not count")
    func firstAnswerStamp() throws {
        let state = ServingState(snapshot: try ScenarioZone.snapshot(Self.zoneA))
        #expect(state.firstAnswerUptimeNanoseconds == nil)
        var response = Self.query()
        response[2] |= 0x80  // QR=1: dropped unanswered
        var generator = SplitMix64(seed: 1)
        #expect(Responder.respond(to: response, transport: .udp, client: nil, state: state, using: &generator) == nil)
        var malformed = Self.query()
        malformed[5] = 2  // QDCOUNT = 2 → FORMERR, header only
        #expect(Responder.respond(to: malformed, transport: .udp, client: nil, state: state, using: &generator) != nil)
        #expect(state.firstAnswerUptimeNanoseconds == nil)

        let before = ServingState.uptimeNanoseconds()
        _ = try #require(ScenarioExchange.ask("nope.example.com", state: state))
        let first = try #require(state.firstAnswerUptimeNanoseconds)
        #expect(first >= before && first >= state.publishedUptimeNanoseconds)
        _ = try #require(ScenarioExchange.ask("www.example.com", state: state))
        #expect(state.firstAnswerUptimeNanoseconds == first)
    }

    @Test("per health generation: the earliest first answer across zone publications")
    func generationStamps() throws {
        let store = SnapshotStore(try ScenarioZone.snapshot(Self.zoneA))
        let published = store.publishHealth(["hc-m": false])
        let generation = published.healthGeneration
        #expect(store.firstAnswerUptimeNanoseconds(forHealthGeneration: generation) == nil)
        let publishedAt = try #require(store.publishedUptimeNanoseconds(forHealthGeneration: generation))
        #expect(publishedAt == published.publishedUptimeNanoseconds)

        _ = try #require(ScenarioExchange.ask("www.example.com", state: store.current))
        let first = try #require(store.firstAnswerUptimeNanoseconds(forHealthGeneration: generation))
        #expect(first == published.firstAnswerUptimeNanoseconds && first >= publishedAt)

        // A zone publication keeps the generation; its own first answer is later and separate.
        let rezoned = store.publish(snapshot: try ScenarioZone.snapshot(Self.zoneB, generation: 2))
        _ = try #require(ScenarioExchange.ask("www.example.com", state: rezoned))
        let rezonedFirst = try #require(rezoned.firstAnswerUptimeNanoseconds)
        #expect(rezonedFirst >= first)
        #expect(store.firstAnswerUptimeNanoseconds(forHealthGeneration: generation) == first)
        #expect(store.firstAnswerUptimeNanoseconds(forHealthGeneration: generation + 1) == nil)
        #expect(store.publishedUptimeNanoseconds(forHealthGeneration: generation + 1) == nil)
    }

    @Test("only the last retainedHealthGenerations generations stay queryable")
    func stampRetention() throws {
        let store = SnapshotStore(try ScenarioZone.snapshot(Self.zoneA))
        let total = SnapshotStore.retainedHealthGenerations + 5
        var last: UInt64 = 0
        for index in 0..<total { last = store.publish(health: ["hc-m": index % 2 == 0]) }
        #expect(last == UInt64(total))
        #expect(store.publishedUptimeNanoseconds(forHealthGeneration: 1) == nil)
        #expect(store.publishedUptimeNanoseconds(forHealthGeneration: 5) == nil)
        #expect(store.publishedUptimeNanoseconds(forHealthGeneration: 6) != nil)
        #expect(store.publishedUptimeNanoseconds(forHealthGeneration: last) != nil)
    }

    @Test("readers only ever see consistent (snapshot, health) pairs while both kinds are published")
    func consistentPairs() async throws {
        let zoneA = try ScenarioZone.snapshot(Self.zoneA, generation: 1)
        let zoneB = try ScenarioZone.snapshot(Self.zoneB, generation: 2)
        let store = SnapshotStore(zoneA)
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for index in 0..<300 {
                    store.publish(health: ["hc-m": index % 3 == 0, "hc-a": index % 2 == 0, "hc-z": index % 5 == 0])
                }
                return true
            }
            group.addTask {
                for index in 0..<300 { store.publish(snapshot: index % 2 == 0 ? zoneB : zoneA) }
                return true
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<3000 {
                        let state = store.current
                        for (slot, id) in state.snapshot.healthCheckIDs.enumerated()
                        where state.health.isHealthy(slot: slot) != state.isHealthy(checkID: id) {
                            return false
                        }
                    }
                    return true
                }
            }
            for await consistent in group { #expect(consistent) }
        }
        #expect(store.current.healthGeneration == 300)
    }
}
