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
    func reconcile(actor: String, deferCommit: Bool = false) throws(Route53Error) {
        let (zones, checks, digests) = settings.withLock { ($0.configZones, $0.configHealthChecks, $0.configDigests) }
        try write(deferCommit: deferCommit) { state throws(Route53Error) in
            let (mutations, keys, summary) = try seed(&state, zones: zones, checks: checks, digests: digests)
            var all = mutations
            if !mutations.isEmpty {
                all.append(.appendChange(changeRecord(operation: "ConfigSeed", zoneId: nil, actor: actor, detail: summary)))
            }
            return ((), Effects(mutations: all, zonesChanged: true, checksChanged: true, configKeys: keys))
        }
    }

    /// Deletes everything (change history kept) and seeds from the configuration again, clearing
    /// drill states (the lab API's and moto's reset, for CI).
    public func reset(actor: String) throws(Route53Error) {
        let (zones, checks, digests) = settings.withLock { ($0.configZones, $0.configHealthChecks, $0.configDigests) }
        let drills = state.withLock { $0.drillStates }
        try write { state throws(Route53Error) in
            state = ControlState(StoredState())
            let (mutations, keys, summary) = try seed(&state, zones: zones, checks: checks, digests: digests)
            let change = changeRecord(operation: "Reset", zoneId: nil, actor: actor, detail: summary)
            return ((), Effects(mutations: [.deleteAll] + mutations + [.appendChange(change)], zonesChanged: true, checksChanged: true,
                                configKeys: keys))
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

    /// The mutations, the config record keys to store (meta key → sets) and what changed.
    private func seed(_ state: inout ControlState, zones: [HostedZone], checks: [HealthCheck], digests: [String: String])
        throws(Route53Error) -> ([StoreMutation], [String: [ResourceRecordSet]], SeedSummary) {
        var mutations: [StoreMutation] = []
        var keys: [String: [ResourceRecordSet]] = [:]
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
            let digest = digests[zone.id] ?? ZoneDigest.text(of: zone)
            var stored = StoredZone(zone: zone, owner: .config, configDigest: digest, createdAt: now)
            if let index = state.zoneIndex(zone.id) {
                let existing = state.zones[index]
                if existing.owner == .config && existing.configDigest == digest {
                    // Unchanged since it was seeded. Without API edits since, the stored sets equal
                    // the config's: keep one copy of them, not two (a restart with a million-record
                    // zone held both, issue 6).
                    if existing.zone.recordSets.count == zone.recordSets.count && existing.zone.recordSets == zone.recordSets {
                        state.zones[index].zone.recordSets = zone.recordSets
                    }
                    continue
                }
                stored.createdAt = existing.createdAt
                stored.zone.recordSets += try keptAPIRecordSets(existing: existing, config: zone, state: state)
                state.zones[index] = stored
                summary.replaced.append("hostedzone/\(zone.id)")
            } else {
                state.zones.append(stored)
                summary.added.append("hostedzone/\(zone.id)")
            }
            state.callerReferences[.hostedZone, default: []].insert(zone.callerReference)
            mutations += [.putZone(stored), .rememberCallerReference(.hostedZone, zone.callerReference)]
            keys[Self.configKeysMeta(zone.id)] = zone.recordSets
            // Stored exactly as configured (no API record set kept): a restart with this digest
            // may take the sets from the config (`StateStore.load(configDigests:)`).
            if stored.zone.recordSets.count == zone.recordSets.count {
                mutations.append(.putMeta(key: StateStore.pristineMetaKey(zone.id), value: digest))
            }
        }
        let zoneIds = Set(zones.map(\.id))
        for stale in state.zones where stale.owner == .config && !zoneIds.contains(stale.zone.id) {
            mutations += [.deleteZone(id: stale.zone.id), .putMeta(key: Self.configKeysMeta(stale.zone.id), value: "")]
            summary.removed.append("hostedzone/\(stale.zone.id)")
        }
        state.zones.removeAll { $0.owner == .config && !zoneIds.contains($0.zone.id) }
        return (mutations, keys, summary)
    }

    /// Record sets that the API added to a config-owned zone: those that were not part of the
    /// config definition the zone was last seeded from and are not in the new one. They are kept
    /// when the config's definition of the zone changes, unless they now break a zone rule (a CNAME
    /// the config added at their name, say); those are dropped and logged.
    func keptAPIRecordSets(existing: StoredZone, config zone: HostedZone, state: ControlState) throws(Route53Error) -> [ResourceRecordSet] {
        guard existing.owner == .config, let previous = try storedConfigKeys(zone.id, state: state), !previous.isEmpty else { return [] }
        let seeded = ConfigRecordKeys(stored: previous)
        let current = Set(zone.recordSets.map(ConfigRecordKeys.hash))
        let candidates = existing.zone.recordSets.filter { !seeded.contains($0) && !current.contains(ConfigRecordKeys.hash($0)) }
        guard !candidates.isEmpty else { return [] }
        var merged = zone
        merged.recordSets += candidates
        let broken = Set(ZoneValidator.validate(merged).compactMap(\.recordSetIndex).filter { $0 >= zone.recordSets.count })
        var kept: [ResourceRecordSet] = []
        for (offset, set) in candidates.enumerated() {
            if broken.contains(zone.recordSets.count + offset) {
                logger.warning("config reload: dropping an API-created record set that conflicts with the new configuration",
                               metadata: ["zone": "\(zone.name)", "record_set": "\(set.name) \(set.type)"])
            } else {
                kept.append(set)
            }
        }
        return kept
    }

    static func configKeysMeta(_ zoneId: String) -> String { configKeysPrefix + zoneId }

    private static let configKeysPrefix = "config-record-keys:"

    /// Meta kept in the store only (see `ControlState.meta`): the config record keys and the
    /// pristine marks, which the store clears on its own.
    static func isStoreOnlyMeta(_ key: String) -> Bool {
        key.hasPrefix(configKeysPrefix) || key.hasPrefix(StateStore.pristineMetaKey(""))
    }

    /// The `ZoneDigest` of each config zone, by ID.
    static func digests(of zones: [HostedZone]) -> [String: String] {
        Dictionary(zones.map { ($0.id, ZoneDigest.text(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The config record keys of `zoneId` as last seeded: from a seed still waiting to be committed,
    /// else from the store (they are not kept in memory, see `ControlState.meta`). A store that
    /// cannot be read fails the reconcile: guessing would drop the API's record sets.
    func storedConfigKeys(_ zoneId: String, state: ControlState) throws(Route53Error) -> String? {
        let key = Self.configKeysMeta(zoneId)
        if let sets = state.uncommittedKeys[key] { return ConfigRecordKeys.text(of: sets) }
        for case .putMeta(key, let value) in state.uncommitted.reversed() { return value }
        do {
            return try store.meta(key)
        } catch {
            throw Route53Service.internalError(error)
        }
    }

    /// A digest of a definition that is stable across processes (`Hasher` is seeded per process).
    static func digest(_ value: some Hashable) -> String {
        var hash = StableHash()
        hash.combine(String(reflecting: value))
        return String(hash.finalize(), radix: 16)
    }
}
