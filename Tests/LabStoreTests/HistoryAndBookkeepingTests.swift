import Foundation
@testable import LabStore
import Route53Model
import Testing

/// Change history (API-26), caller references (HZ-10, HZ-11, HC-11), drill states, meta, deleteAll.
@Suite("history and bookkeeping")
struct HistoryAndBookkeepingTests {
    private static let t0 = StoreFixtures.createdAt

    private static func change(_ id: String, at offset: Double, zone: String? = "ZONE1", comment: String? = nil) -> ChangeRecord {
        ChangeRecord(id: id, submittedAt: t0 + offset, comment: comment, hostedZoneId: zone,
                     operation: "ChangeResourceRecordSets", actor: "AKIDEXAMPLE", detail: #"{"actions":["UPSERT"]}"#)
    }

    private func storeWithHistory() throws -> StateStore {
        let store = try StateStore.inMemory()
        // Appended out of time order on purpose: ordering is by submittedAt, then by append order.
        try store.write([.appendChange(Self.change("C2", at: 2)), .appendChange(Self.change("C1", at: 1, comment: "first")),
                         .appendChange(Self.change("C3", at: 3, zone: "ZONE2")), .appendChange(Self.change("C3B", at: 3)),
                         .appendChange(Self.change("C4", at: 4, zone: nil))])
        return store
    }

    @Test("change(id:) returns the exact record, nil when unknown (API-26)")
    func changeById() throws {
        let store = try storeWithHistory()
        #expect(try store.change(id: "C1") == Self.change("C1", at: 1, comment: "first"))
        #expect(try store.change(id: "C4")?.hostedZoneId == nil)
        #expect(try store.change(id: "CNOPE") == nil)
    }

    struct PageRow: Sendable, CustomTestStringConvertible {
        var zone: String?
        var limit: Int
        var before: Double?
        var ids: [String]
        var testDescription: String { "zone \(zone ?? "any") limit \(limit) before \(before.map { "t0+\($0)" } ?? "none")" }
    }

    @Test("changes(…) newest first, filtered and paged", arguments: [
        PageRow(zone: nil, limit: 10, before: nil, ids: ["C4", "C3B", "C3", "C2", "C1"]),
        PageRow(zone: nil, limit: 2, before: nil, ids: ["C4", "C3B"]),
        PageRow(zone: nil, limit: 10, before: 3, ids: ["C2", "C1"]),
        PageRow(zone: "ZONE1", limit: 10, before: nil, ids: ["C3B", "C2", "C1"]),
        PageRow(zone: "ZONE1", limit: 1, before: 3, ids: ["C2"]),
        PageRow(zone: "ZONE2", limit: 10, before: nil, ids: ["C3"]),
        PageRow(zone: "ZNONE", limit: 10, before: nil, ids: []),
        PageRow(zone: nil, limit: 0, before: nil, ids: []),
    ])
    func changesPage(row: PageRow) throws {
        let store = try storeWithHistory()
        let page = try store.changes(hostedZoneId: row.zone, limit: row.limit, before: row.before.map { Self.t0 + $0 })
        #expect(page.map(\.id) == row.ids)
    }

    @Test("deleteAll clears every object and keeps the change history")
    func deleteAllKeepsHistory() throws {
        let store = try storeWithHistory()
        let (_, mutations) = try FullStateFixture.make()
        try store.write(mutations)
        try store.write([.deleteAll])
        #expect(try store.load() == StoredState())
        #expect(try store.changes(hostedZoneId: nil, limit: 100, before: nil).count == 5)
        // The store is usable after a reset: the same objects can be written again.
        try store.write(mutations)
        #expect(try store.load() == (try FullStateFixture.make().0))
    }

    @Test("caller references are remembered after their objects are deleted (HZ-10, HZ-11, HC-11)")
    func callerReferencesOutliveObjects() throws {
        let store = try StateStore.inMemory()
        let zone = try StoreFixtures.zone("example.test.", reference: "zone-ref")
        let check = try #require(StoreFixtures.healthChecks.first?.1)
        let set = StoredDelegationSet(set: DelegationSet(id: "NSET", callerReference: "set-ref",
                                                         nameServers: zone.delegationSet.nameServers),
                                      createdAt: StoreFixtures.createdAt)
        try store.write([.putZone(StoreFixtures.stored(zone)), .rememberCallerReference(.hostedZone, "zone-ref"),
                         .putHealthCheck(StoredHealthCheck(check: check, owner: .api, createdAt: StoreFixtures.createdAt)),
                         .rememberCallerReference(.healthCheck, check.callerReference),
                         .putDelegationSet(set), .rememberCallerReference(.delegationSet, "set-ref"),
                         // Remembering twice is harmless.
                         .rememberCallerReference(.hostedZone, "zone-ref")])
        try store.write([.deleteZone(id: zone.id), .deleteHealthCheck(id: check.id), .deleteDelegationSet(id: "NSET")])

        let state = try store.load()
        #expect(state.zones.isEmpty && state.healthChecks.isEmpty && state.delegationSets.isEmpty)
        #expect(state.callerReferences == [.hostedZone: ["zone-ref"], .healthCheck: [check.callerReference],
                                           .delegationSet: ["set-ref"]])
    }

    @Test("deleteHealthCheck removes the check and its tags only")
    func deleteHealthCheck() throws {
        let store = try StateStore.inMemory()
        let checks = StoreFixtures.healthChecks.prefix(2).map {
            StoredHealthCheck(check: $0.1, owner: .api, createdAt: StoreFixtures.createdAt)
        }
        let tags = [Tag(key: "Name", value: "x")]
        try store.write(checks.map(StoreMutation.putHealthCheck)
            + checks.map { .setTags(TagSetKey(type: .healthcheck, id: $0.check.id), tags) })
        try store.write([.deleteHealthCheck(id: checks[0].check.id)])
        let state = try store.load()
        #expect(state.healthChecks == [checks[1]])
        #expect(state.tags == [TagSetKey(type: .healthcheck, id: checks[1].check.id): tags])
    }

    @Test("putHealthCheck replaces in place: a new version keeps its place in creation order (HC-12)")
    func healthCheckUpdateKeepsOrder() throws {
        let store = try StateStore.inMemory()
        var checks = StoreFixtures.healthChecks.map { StoredHealthCheck(check: $0.1, owner: .api, createdAt: StoreFixtures.createdAt) }
        try store.write(checks.map(StoreMutation.putHealthCheck))
        checks[0].check.version += 1
        checks[0].check.config.failureThreshold = 5
        try store.write([.putHealthCheck(checks[0])])
        #expect(try store.load().healthChecks == checks)
    }

    @Test("tags: replaced as a whole, in the order given; an empty list deletes them")
    func tags() throws {
        let store = try StateStore.inMemory()
        let key = TagSetKey(type: .hostedzone, id: "ZONE1")
        try store.write([.setTags(key, [Tag(key: "a", value: "1"), Tag(key: "b", value: "2")])])
        try store.write([.setTags(key, [Tag(key: "z", value: "26"), Tag(key: "a", value: "")])])
        #expect(try store.load().tags == [key: [Tag(key: "z", value: "26"), Tag(key: "a", value: "")]])
        try store.write([.setTags(key, [])])
        #expect(try store.load().tags.isEmpty)
    }

    @Test("drill states and meta: upsert in place, delete")
    func drillStatesAndMeta() throws {
        let store = try StateStore.inMemory()
        let first = DrillState(checkId: "a", forcedHealthy: true, forcedUntil: StoreFixtures.createdAt + 60)
        let second = DrillState(checkId: "b", paused: true)
        try store.write([.putDrillState(first), .putDrillState(second), .putMeta(key: "k", value: "1")])
        let cleared = DrillState(checkId: "a", forcedHealthy: nil, forcedUntil: nil, paused: false)
        try store.write([.putDrillState(cleared), .putMeta(key: "k", value: "2"), .putMeta(key: "l", value: "3")])
        #expect(try store.load().drillStates == [cleared, second])
        #expect(try store.load().meta == ["k": "2", "l": "3"])
        try store.write([.deleteDrillState(checkId: "a")])
        #expect(try store.load().drillStates == [second])
    }

    /// Long meta values are stored as parts of at most `metaPartBytes` (issue 6, scale). Rows: the
    /// values written one after another under "k"; each must load back exactly, with no part of an
    /// earlier, longer value left behind, and the neighbouring keys untouched.
    @Test("long meta values: stored in parts, loaded whole, replaced whole", arguments: [
        [String(repeating: "a", count: 1 << 20), "short"],
        [String(repeating: "é", count: 200_000) + "x", String(repeating: "z", count: (1 << 18) + 1), ""],
        ["", String(repeating: "ab🙂", count: 150_000)],
    ])
    func longMeta(values: [String]) throws {
        let store = try StateStore.inMemory()
        try store.write([.putMeta(key: "j", value: "before"), .putMeta(key: "k0", value: "after")])
        for value in values {
            try store.write([.putMeta(key: "k", value: value)])
            #expect(try store.load().meta == ["j": "before", "k": value, "k0": "after"])
        }
        #expect(StateStore.metaParts(values[0]).allSatisfy { $0.utf8.count <= StateStore.metaPartBytes })
        #expect(StateStore.metaParts(values[0]).joined() == values[0])
    }
}
