import Foundation
import LabStore
import Route53Model

/// The control plane's in-memory copy of the stored state. `Route53Service` changes it only after
/// the matching `StateStore.write` has committed, so memory never runs ahead of the disk.
struct ControlState: Sendable {
    var zones: [StoredZone]
    var healthChecks: [StoredHealthCheck]
    var delegationSets: [StoredDelegationSet]
    var tags: [TagSetKey: [Tag]]
    var callerReferences: [CallerReferenceKind: Set<String>]
    var drillStates: [DrillState]
    /// The stored meta values, except the config record keys (`Route53Service.configKeysMeta`):
    /// a million-set zone's keys are 16 MB that only a config change of that zone reads, so they
    /// stay in the store (`Route53Service.storedConfigKeys`, issue 6, scale); so do the pristine
    /// marks, which the store maintains itself.
    var meta: [String: String]
    /// Store mutations already applied to this state but not yet written: the startup seed when
    /// the daemon serves the configuration before committing it (issue 6, scale). The next write,
    /// or `commitPendingWrites`, writes them first, in the same transaction.
    var uncommitted: [StoreMutation] = []
    /// Config record keys to store (meta key → the config zone's record sets), newer than
    /// `uncommitted` and written right after it by the same commit. Kept as the sets, not the
    /// text: the text hashes every set, ~7 % of a million-record cold start, which the first
    /// answer need not wait for.
    var uncommittedKeys: [String: [ResourceRecordSet]] = [:]

    init(_ stored: StoredState) {
        meta = stored.meta.filter { !Route53Service.isStoreOnlyMeta($0.key) }
        zones = stored.zones
        healthChecks = stored.healthChecks
        delegationSets = stored.delegationSets
        tags = stored.tags
        callerReferences = stored.callerReferences
        drillStates = stored.drillStates
    }

    func zoneIndex(_ id: String) -> Int? { zones.firstIndex { $0.zone.id == id } }
    func healthCheckIndex(_ id: String) -> Int? { healthChecks.firstIndex { $0.check.id == id } }
    func delegationSetIndex(_ id: String) -> Int? { delegationSets.firstIndex { $0.set.id == id } }

    var hostedZones: [HostedZone] { zones.map(\.zone) }
    var checks: [HealthCheck] { healthChecks.map(\.check) }

    func hasUsed(_ reference: String, _ kind: CallerReferenceKind) -> Bool {
        callerReferences[kind]?.contains(reference) ?? false
    }
}
