import DNSWire
import Foundation
import LabStore
import Route53Model

/// One state holding every kind of stored value, and the mutations that write it.
enum FullStateFixture {
    static func make() throws -> (StoredState, [StoreMutation]) {
        let date = StoreFixtures.createdAt
        var publicZone = try StoreFixtures.zone("example.test.", reference: "ref-public")
        publicZone.comment = "Zone für Tests ✓"
        // The apex SOA and NS come from the factory (HZ-01); every other type gets its own owner.
        for (type, values) in StoreFixtures.valuesByType where type != .soa {
            publicZone.recordSets.append(try StoreFixtures.set("\(type.description.lowercased()).example.test.", type, values,
                                                               ttl: type == .ns ? 172_800 : 60))
        }
        for (index, (_, policy)) in StoreFixtures.policies.enumerated() where policy != .simple {
            publicZone.recordSets.append(try StoreFixtures.set("p\(index).example.test.", id: "set-\(index)", routing: policy,
                                                               healthCheckId: index.isMultiple(of: 2) ? "web-primary" : nil))
        }
        publicZone.recordSets.append(ResourceRecordSet(
            name: publicZone.name, type: .a,
            aliasTarget: AliasTarget(hostedZoneId: publicZone.id, dnsName: StoreFixtures.name("a.example.test."),
                                     evaluateTargetHealth: true)))
        publicZone.recordSets.append(ResourceRecordSet(name: try DomainName(#"Mixed.\255\000.example.test."#), type: .txt,
                                                       ttl: 0, records: [try StoreFixtures.value(#""odd""#, .txt)]))

        var privateZone = try StoreFixtures.zone("internal.test.", reference: "ref-private", isPrivate: true,
                                                 existing: [publicZone])
        let reusable = DelegationSet(id: "NREUSABLE01", callerReference: "ds-ref",
                                     nameServers: ["ns-1.awsdns-01.com.", "ns-600.awsdns-10.net.",
                                                   "ns-1100.awsdns-20.org.", "ns-1600.awsdns-30.co.uk."].map(StoreFixtures.name))
        privateZone.delegationSet = reusable

        let zones = [StoredZone(zone: publicZone, owner: .api, createdAt: date),
                     StoredZone(zone: privateZone, owner: .config, configDigest: "sha256:0f0f", createdAt: date + 1.5)]
        let checks = StoreFixtures.healthChecks.enumerated().map { index, entry in
            StoredHealthCheck(check: entry.1, owner: index.isMultiple(of: 2) ? .config : .api,
                              configDigest: index.isMultiple(of: 2) ? "digest-\(index)" : nil, createdAt: date + Double(index))
        }
        let sets = [StoredDelegationSet(set: reusable, createdAt: date - 10)]
        let tags: [TagSetKey: [Tag]] = [
            TagSetKey(type: .hostedzone, id: publicZone.id): [Tag(key: "team", value: "dns"), Tag(key: "env", value: "lab")],
            TagSetKey(type: .healthcheck, id: "web-primary"): [Tag(key: "Name", value: "web primary ✓")],
        ]
        let references: [CallerReferenceKind: Set<String>] = [
            .hostedZone: ["ref-public", "ref-private", "ref-deleted-long-ago"],
            .healthCheck: ["api-ref-1"],
            .delegationSet: ["ds-ref"],
        ]
        let drills = [DrillState(checkId: "web-primary", forcedHealthy: false, forcedUntil: date + 300.25),
                      DrillState(checkId: "tcp-db", paused: true),
                      DrillState(checkId: "calc", forcedHealthy: true, forcedUntil: nil, paused: true)]
        let meta = ["configDigest": "sha256:abcdef", "seed": "53"]

        let state = StoredState(zones: zones, healthChecks: checks, delegationSets: sets, tags: tags,
                                callerReferences: references, drillStates: drills, meta: meta)
        var mutations: [StoreMutation] = sets.map(StoreMutation.putDelegationSet)
        mutations += zones.map(StoreMutation.putZone)
        mutations += checks.map(StoreMutation.putHealthCheck)
        mutations += tags.map { StoreMutation.setTags($0.key, $0.value) }
        mutations += references.flatMap { kind, values in values.map { StoreMutation.rememberCallerReference(kind, $0) } }
        mutations += drills.map(StoreMutation.putDrillState)
        mutations += meta.map { StoreMutation.putMeta(key: $0.key, value: $0.value) }
        return (state, mutations)
    }
}
