import Foundation
import LabStore
import Route53Model

/// The config file as a declarative seed (issue 4 item 4): config-owned zones and checks follow the
/// file — added, replaced when their definition changed, removed when gone — while anything created
/// through the API is kept. A config object whose definition did not change keeps the API edits
/// made to it since (its stored digest still matches). `reset` returns to the seed state.
extension Route53Service {
    /// Applies a reloaded configuration (SIGHUP) and reconciles.
    public func reload(seed: UInt64, routingTables: ClientRoutingTables, configZones: [HostedZone],
                       configHealthChecks: [HealthCheck]) throws(Route53Error) {
        settings.withLock { settings in
            settings.seed = seed
            settings.routingTables = routingTables
            settings.configZones = configZones
            settings.configHealthChecks = configHealthChecks
        }
        try reconcile(actor: "config")
    }

    /// Brings config-owned objects in line with the configuration; always republishes.
    func reconcile(actor: String) throws(Route53Error) {
        let (zones, checks) = settings.withLock { ($0.configZones, $0.configHealthChecks) }
        try write { state throws(Route53Error) in
            let (mutations, summary) = seed(&state, zones: zones, checks: checks)
            var all = mutations
            if !mutations.isEmpty {
                all.append(.appendChange(changeRecord(operation: "ConfigSeed", zoneId: nil, actor: actor, detail: summary)))
            }
            return ((), Effects(mutations: all, zonesChanged: true, checksChanged: true))
        }
    }

    /// Deletes everything (change history kept) and seeds from the configuration again, clearing
    /// drill states (the lab API's and moto's reset, for CI).
    public func reset(actor: String) throws(Route53Error) {
        let (zones, checks) = settings.withLock { ($0.configZones, $0.configHealthChecks) }
        let drills = state.withLock { $0.drillStates }
        try write { state throws(Route53Error) in
            state = ControlState(StoredState())
            let (mutations, summary) = seed(&state, zones: zones, checks: checks)
            let change = changeRecord(operation: "Reset", zoneId: nil, actor: actor, detail: summary)
            return ((), Effects(mutations: [.deleteAll] + mutations + [.appendChange(change)], zonesChanged: true, checksChanged: true))
        }
        for drill in drills {
            try? health.monitor.force(id: drill.checkId, healthy: nil, for: nil)
            try? health.monitor.resume(id: drill.checkId)
        }
    }

    struct SeedSummary: Encodable {
        var added: [String] = []
        var replaced: [String] = []
        var removed: [String] = []

        enum CodingKeys: String, CodingKey { case added = "Added", replaced = "Replaced", removed = "Removed" }
    }

    private func seed(_ state: inout ControlState, zones: [HostedZone], checks: [HealthCheck]) -> ([StoreMutation], SeedSummary) {
        var mutations: [StoreMutation] = []
        var summary = SeedSummary()
        let now = clock()
        // Checks first: zones reference them (HC-12b).
        for check in checks {
            let digest = Self.digest(check)
            var stored = StoredHealthCheck(check: check, owner: .config, configDigest: digest, createdAt: now)
            if let index = state.healthCheckIndex(check.id) {
                let existing = state.healthChecks[index]
                if existing.owner == .config && existing.configDigest == digest { continue }
                stored.createdAt = existing.createdAt
                state.healthChecks[index] = stored
                summary.replaced.append("healthcheck/\(check.id)")
            } else {
                state.healthChecks.append(stored)
                summary.added.append("healthcheck/\(check.id)")
            }
            state.callerReferences[.healthCheck, default: []].insert(check.callerReference)
            mutations += [.putHealthCheck(stored), .rememberCallerReference(.healthCheck, check.callerReference)]
        }
        let checkIds = Set(checks.map(\.id))
        for stale in state.healthChecks where stale.owner == .config && !checkIds.contains(stale.check.id) {
            mutations.append(.deleteHealthCheck(id: stale.check.id))
            summary.removed.append("healthcheck/\(stale.check.id)")
        }
        state.healthChecks.removeAll { $0.owner == .config && !checkIds.contains($0.check.id) }

        for zone in zones {
            let digest = Self.digest(zone)
            var stored = StoredZone(zone: zone, owner: .config, configDigest: digest, createdAt: now)
            if let index = state.zoneIndex(zone.id) {
                let existing = state.zones[index]
                if existing.owner == .config && existing.configDigest == digest { continue }
                stored.createdAt = existing.createdAt
                state.zones[index] = stored
                summary.replaced.append("hostedzone/\(zone.id)")
            } else {
                state.zones.append(stored)
                summary.added.append("hostedzone/\(zone.id)")
            }
            state.callerReferences[.hostedZone, default: []].insert(zone.callerReference)
            mutations += [.putZone(stored), .rememberCallerReference(.hostedZone, zone.callerReference)]
        }
        let zoneIds = Set(zones.map(\.id))
        for stale in state.zones where stale.owner == .config && !zoneIds.contains(stale.zone.id) {
            mutations.append(.deleteZone(id: stale.zone.id))
            summary.removed.append("hostedzone/\(stale.zone.id)")
        }
        state.zones.removeAll { $0.owner == .config && !zoneIds.contains($0.zone.id) }
        return (mutations, summary)
    }

    /// A digest of a definition that is stable across processes (`Hasher` is seeded per process).
    static func digest(_ value: some Hashable) -> String {
        var hash = StableHash()
        hash.combine(String(reflecting: value))
        return String(hash.finalize(), radix: 16)
    }
}
