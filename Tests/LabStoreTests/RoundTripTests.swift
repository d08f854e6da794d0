import DNSWire
import Foundation
import LabStore
import Route53Model
import Testing

/// A routing policy row: a name for the test report and the policy.
struct PolicyRow: Sendable, CustomTestStringConvertible {
    var label: String
    var policy: RoutingPolicy
    var testDescription: String { label }
}

struct HealthCheckRow: Sendable, CustomTestStringConvertible {
    var label: String
    var check: HealthCheck
    var testDescription: String { label }
}

/// Everything written to a file-backed store must come back `==` (and byte-identical for names)
/// after the store is closed and the file reopened.
@Suite("round trip through the file")
struct RoundTripTests {
    /// Writes `mutations` with one store, drops it (closing the connection), and loads with a new one.
    private func reopened(after mutations: [StoreMutation]) throws -> StoredState {
        try withTemporaryDirectory { directory in
            do {
                let store = try StateStore(directory: directory)
                try store.write(mutations)
            }
            return try StateStore(directory: directory).load()
        }
    }

    @Test("every record type, policy, alias, health check, set, tag, reference, drill and meta")
    func fullState() throws {
        let (expected, mutations) = try FullStateFixture.make()
        let loaded = try reopened(after: mutations)

        #expect(loaded.zones.count == expected.zones.count)
        for (got, want) in zip(loaded.zones, expected.zones) {
            #expect(got.zone.recordSets.count == want.zone.recordSets.count)
            for (gotSet, wantSet) in zip(got.zone.recordSets, want.zone.recordSets) {
                #expect(gotSet == wantSet)
            }
            #expect(got == want)
        }
        #expect(loaded.healthChecks == expected.healthChecks)
        #expect(loaded.delegationSets == expected.delegationSets)
        #expect(loaded.tags == expected.tags)
        #expect(loaded.callerReferences == expected.callerReferences)
        #expect(loaded.drillStates == expected.drillStates)
        #expect(loaded.meta == expected.meta)
        #expect(loaded == expected)
        // DomainName == folds case: compare the bytes themselves.
        #expect(StoreFixtures.nameWires(loaded) == StoreFixtures.nameWires(expected))
    }

    @Test("the fixture covers every Route 53 type and every routing policy kind")
    func fixtureCoverage() throws {
        #expect(Set(StoreFixtures.valuesByType.map(\.0)) == Set(RRType.route53Types))
        let kinds = Set(StoreFixtures.policies.map(\.1.kind))
        #expect(kinds == [.simple, .weighted, .failover, .multivalue, .latency, .geolocation, .geoproximity, .cidr])
        #expect(Set(StoreFixtures.healthChecks.map(\.1.config.type)) == Set(HealthCheckType.allCases))
    }

    @Test("routing policy", arguments: StoreFixtures.policies.map { PolicyRow(label: $0.0, policy: $0.1) })
    func routingPolicy(row: PolicyRow) throws {
        var zone = try StoreFixtures.zone("example.test.")
        let setIdentifier: String? = row.policy == .simple ? nil : "id-\(row.label)"
        zone.recordSets.append(try StoreFixtures.set("www.example.test.", id: setIdentifier, routing: row.policy,
                                                     healthCheckId: "web-primary"))
        let loaded = try reopened(after: [.putZone(StoreFixtures.stored(zone))])
        #expect(loaded.zones.first?.zone.recordSets.last?.routing == row.policy)
        #expect(loaded.zones.first?.zone == zone)
    }

    @Test("health check", arguments: StoreFixtures.healthChecks.map { HealthCheckRow(label: $0.0, check: $0.1) })
    func healthCheck(row: HealthCheckRow) throws {
        let stored = StoredHealthCheck(check: row.check, owner: .config, configDigest: "digest-\(row.label)",
                                       createdAt: StoreFixtures.createdAt)
        let loaded = try reopened(after: [.putHealthCheck(stored)])
        #expect(loaded.healthChecks == [stored])
        #expect(loaded.healthChecks.first?.check.config.requestInterval == row.check.config.requestInterval)
    }

    @Test("alias targets, with and without EvaluateTargetHealth (AL-01)", arguments: [true, false])
    func alias(evaluateTargetHealth: Bool) throws {
        var zone = try StoreFixtures.zone("example.test.")
        zone.recordSets.append(ResourceRecordSet(
            name: zone.name, type: .aaaa,
            aliasTarget: AliasTarget(hostedZoneId: zone.id, dnsName: StoreFixtures.name("www.example.test."),
                                     evaluateTargetHealth: evaluateTargetHealth),
            setIdentifier: "primary", routing: .failover(.primary), healthCheckId: "calc"))
        let loaded = try reopened(after: [.putZone(StoreFixtures.stored(zone))])
        #expect(loaded.zones.first?.zone == zone)
        #expect(loaded.zones.first?.zone.recordSets.last?.ttl == nil)
    }

    @Test("names keep their exact bytes: case and escaped octets")
    func exactNameBytes() throws {
        var zone = try StoreFixtures.zone("example.test.")
        // `==` would accept a lower-cased copy; the wire bytes must not change.
        let odd = try DomainName(#"WwW.\000\255\.x.Example.test."#)
        zone.recordSets.append(ResourceRecordSet(name: odd, type: .txt, ttl: 60,
                                                 records: [try StoreFixtures.value(#""x""#, .txt)]))
        let loaded = try reopened(after: [.putZone(StoreFixtures.stored(zone))])
        #expect(loaded.zones.first?.zone.recordSets.last?.name.wire == odd.wire)
    }

    @Test("a private zone on a reusable delegation set (HZ-05, HZ-10, HZ-14)")
    func privateZoneOnReusableSet() throws {
        var zone = try StoreFixtures.zone("internal.test.", isPrivate: true)
        let reusable = DelegationSet(id: "NREUSABLE01", callerReference: "ds-ref",
                                     nameServers: zone.delegationSet.nameServers.reversed())
        zone.delegationSet = reusable
        let stored = StoredZone(zone: zone, owner: .config, configDigest: "abc", createdAt: StoreFixtures.createdAt)
        let set = StoredDelegationSet(set: reusable, createdAt: StoreFixtures.createdAt)
        let loaded = try reopened(after: [.putDelegationSet(set), .putZone(stored)])
        #expect(loaded.zones == [stored])
        #expect(loaded.zones.first?.zone.isPrivate == true)
        #expect(loaded.zones.first?.zone.delegationSet.id == "NREUSABLE01")
        #expect(loaded.delegationSets == [set])
    }
}
