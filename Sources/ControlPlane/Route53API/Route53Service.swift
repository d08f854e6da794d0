import AnswerEngine
import Foundation
import LabStore
import Logging
import Route53Model
import Synchronization

/// The Route 53 control plane (spec §1, §2, §5.6–5.7, §6): hosted zones, record sets, health
/// checks, reusable delegation sets, tags and the change history, kept in SQLite.
///
/// Every write follows one path (issue 4 item 4): validate against a copy of the state, write the
/// store mutations in one transaction, then — only after the commit — swap the copy in, publish the
/// new snapshot and apply health checks. The caller answers after that, so an acknowledged write is
/// on disk and already served. Writes are serialised by one lock; reads take a consistent copy.
public final class Route53Service: Sendable {
    let store: StateStore
    let publisher: Publisher
    let health: HealthService
    let logger: Logger
    let state: Mutex<ControlState>
    let settings: Mutex<ServiceSettings>
    let clock: @Sendable () -> Date

    /// What the config file says, kept for reconciliation on reload and for `reset`.
    struct ServiceSettings: Sendable {
        var seed: UInt64
        var routingTables: ClientRoutingTables
        var configZones: [HostedZone] {
            didSet { configDigests = Route53Service.digests(of: configZones) }
        }
        var configHealthChecks: [HealthCheck]
        /// `ZoneDigest` of each config zone by ID, computed once per configuration.
        private(set) var configDigests: [String: String]
        /// TM-01: how long GetChange reports PENDING after a change; 0 = INSYNC at once (the change
        /// is already served when the response is sent).
        var pendingSeconds: Double

        init(seed: UInt64, routingTables: ClientRoutingTables, configZones: [HostedZone], configHealthChecks: [HealthCheck],
             pendingSeconds: Double) {
            self.seed = seed
            self.routingTables = routingTables
            self.configZones = configZones
            self.configHealthChecks = configHealthChecks
            configDigests = Route53Service.digests(of: configZones)
            self.pendingSeconds = pendingSeconds
        }
    }

    /// Loads the stored state and reconciles it with the configuration (config-owned objects follow
    /// the file; API-created ones are kept), then publishes zones and health checks.
    ///
    /// - Parameter deferSeedCommit: publish the reconciled state at once and leave its store
    ///   mutations for `commitPendingWrites` (or the next write). The daemon binds DNS in between,
    ///   so a million-record config zone answers without waiting for its SQLite rows (issue 6,
    ///   scale). Nothing acknowledged can be lost: the API is not listening yet, and a crash before
    ///   the commit re-seeds the same zones from the file on the next start.
    public init(store: StateStore, publisher: Publisher, health: HealthService, seed: UInt64,
                routingTables: ClientRoutingTables, configZones: [HostedZone], configHealthChecks: [HealthCheck],
                pendingSeconds: Double = 0, deferSeedCommit: Bool = false, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.store = store
        self.publisher = publisher
        self.health = health
        self.logger = logger
        self.clock = clock
        let initialSettings = ServiceSettings(seed: seed, routingTables: routingTables, configZones: configZones,
                                              configHealthChecks: configHealthChecks, pendingSeconds: pendingSeconds)
        var loaded: StoredState
        do {
            loaded = try store.load(configDigests: initialSettings.configDigests)
        } catch {
            throw Route53Service.internalError(error)
        }
        // Pristine config zones come back without their rows: the config's sets are the same ones.
        for index in loaded.zones.indices where loaded.recordSetsNotLoaded.contains(loaded.zones[index].zone.id) {
            let id = loaded.zones[index].zone.id
            loaded.zones[index].zone.recordSets = configZones.first { $0.id == id }?.recordSets ?? []
        }
        state = Mutex(ControlState(loaded))
        settings = Mutex(initialSettings)
        try reconcile(actor: "config", deferCommit: deferSeedCommit)
        applyDrillStates()
    }

    /// Current zones, in creation order.
    public var hostedZones: [HostedZone] { state.withLock { $0.hostedZones } }
    /// Current health checks, in creation order.
    public var healthChecks: [HealthCheck] { state.withLock { $0.checks } }

    /// What one write did, beyond its result: which derived views to refresh.
    struct Effects {
        var mutations: [StoreMutation]
        var zonesChanged = false
        var checksChanged = false
        /// Config record keys to store after `mutations` (meta key → record sets); see
        /// `ControlState.uncommittedKeys`.
        var configKeys: [String: [ResourceRecordSet]] = [:]
    }

    /// The single write path: `body` changes a copy of the state and lists the store mutations;
    /// they are committed in one transaction before the copy replaces the state (issue 4 item 4).
    /// Mutations left uncommitted by a deferred startup seed go first, in the same transaction.
    ///
    /// - Parameter deferCommit: keep the mutations as uncommitted instead of writing them (only the
    ///   startup seed, before the API listens).
    func write<T: Sendable>(deferCommit: Bool = false,
                            _ body: (inout ControlState) throws(Route53Error) -> (T, Effects)) throws(Route53Error) -> T {
        let routingTables = settings.withLock { $0.routingTables }
        return try state.withLock { (current: inout ControlState) throws(Route53Error) -> T in
            var copy = current
            let (result, effects) = try body(&copy)
            // Taken from `current`: a body that rebuilds the state (reset) must not drop them.
            // Keys go after the mutations they belong to and before any later ones (a zone
            // removed afterwards clears its keys).
            let mutations = current.uncommitted + Self.keyMutations(current.uncommittedKeys) + effects.mutations
            if deferCommit {
                copy.uncommitted = mutations
                copy.uncommittedKeys = effects.configKeys
            } else {
                try commit(mutations + Self.keyMutations(effects.configKeys))
                copy.uncommitted = []
                copy.uncommittedKeys = [:]
            }
            // The replaced state (its record-set arrays) is freed off the request path.
            DeferredRelease.later(current)
            current = copy
            if effects.checksChanged { health.apply(copy.checks) }
            if effects.zonesChanged { publisher.publish(zones: copy.hostedZones, routingTables: routingTables) }
            return result
        }
    }

    /// Writes what a deferred startup seed left uncommitted; a no-op when nothing is pending.
    public func commitPendingWrites() throws(Route53Error) {
        try state.withLock { (current: inout ControlState) throws(Route53Error) in
            try commit(current.uncommitted + Self.keyMutations(current.uncommittedKeys))
            current.uncommitted = []
            current.uncommittedKeys = [:]
        }
    }

    /// Whether a deferred startup seed is still waiting for `commitPendingWrites`.
    public var hasPendingWrites: Bool { state.withLock { !$0.uncommitted.isEmpty || !$0.uncommittedKeys.isEmpty } }

    /// The meta rows for config record keys, in a stable order.
    static func keyMutations(_ keys: [String: [ResourceRecordSet]]) -> [StoreMutation] {
        keys.sorted { $0.key < $1.key }.map { .putMeta(key: $0.key, value: ConfigRecordKeys.text(of: $0.value)) }
    }

    /// One store transaction; an error leaves the store and the state as they were.
    private func commit(_ mutations: [StoreMutation]) throws(Route53Error) {
        guard !mutations.isEmpty else { return }
        do {
            try store.write(mutations)
        } catch {
            logger.error("state store write failed; nothing changed", metadata: ["error": "\(error)"])
            throw Route53Service.internalError(error)
        }
    }

    /// A consistent copy of the state for reads.
    func read<T>(_ body: (ControlState) throws(Route53Error) -> T) throws(Route53Error) -> T {
        let copy = state.withLock { $0 }
        return try body(copy)
    }

    /// A new change record, stamped now (API-26).
    func changeRecord(operation: String, zoneId: String?, comment: String? = nil, actor: String, detail: some Encodable) -> ChangeRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ChangeRecord(id: Route53IDs.changeId(), submittedAt: clock(), comment: comment, hostedZoneId: zoneId,
                            operation: operation, actor: actor, detail: text)
    }

    /// TM-01: PENDING until `pendingSeconds` after submission, then INSYNC.
    func status(of change: ChangeRecord) -> ChangeStatus {
        let pending = settings.withLock { $0.pendingSeconds }
        return clock().timeIntervalSince(change.submittedAt) >= pending ? .insync : .pending
    }

    static func internalError(_ error: any Error) -> Route53Error {
        Route53Error(code: "InternalFailure", message: "The state store failed: \(error)", httpStatus: 500)
    }
}

/// `ChangeInfo/Status` (API-26).
public enum ChangeStatus: String, Sendable {
    case pending = "PENDING"
    case insync = "INSYNC"
}

/// A `ChangeInfo` as the API returns it.
public struct ChangeInfo: Sendable {
    public var record: ChangeRecord
    public var status: ChangeStatus
}
