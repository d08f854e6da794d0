import Foundation
import GRDB
import Route53Model

extension StateStore {
    /// Everything the daemon needs at start, read in one read transaction (one consistent
    /// snapshot). The change history is not loaded; read it with `change(id:)` and `changes(…)`.
    ///
    /// - Parameter configDigests: config zone ID → the digest of its current config definition. A
    ///   config-owned zone stored with that digest and still pristine (no record-set write since
    ///   it was seeded from it) is loaded without its record sets, listed in
    ///   `recordSetsNotLoaded`: a restart with a million-record config zone decoded every row
    ///   only to find them equal to the config's (issue 6, scale).
    public func load(configDigests: [String: String] = [:]) throws(StoreError) -> StoredState {
        try perform("load") {
            try queue.read { db in
                let meta = try loadMeta(in: db)
                let (zones, notLoaded) = try loadZones(in: db, meta: meta, configDigests: configDigests)
                var state = StoredState(zones: zones, healthChecks: try loadHealthChecks(in: db),
                                        delegationSets: try loadDelegationSets(in: db), tags: try loadTags(in: db),
                                        callerReferences: try loadCallerReferences(in: db), drillStates: try loadDrillStates(in: db),
                                        meta: meta)
                state.recordSetsNotLoaded = notLoaded
                return state
            }
        }
    }

    private func loadZones(in db: Database, meta: [String: String], configDigests: [String: String]) throws -> ([StoredZone], Set<String>) {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM zone ORDER BY seq")
        var notLoaded = Set<String>()
        var loaded: [String] = []
        for row in rows {
            let id = try row.decode(String.self, forColumn: "id")
            if let digest = configDigests[id], try Self.owner(row) == .config,
               try row.decode(String?.self, forColumn: "config_digest") == digest,
               meta[Self.pristineMetaKey(id)] == digest {
                notLoaded.insert(id)
            } else {
                loaded.append(id)
            }
        }
        let recordSets = try loadRecordSets(in: db, zoneIds: loaded)
        let zones = try rows.map { row in
            let id = try row.decode(String.self, forColumn: "id")
            let delegationSet = try RowCoding.decode(DelegationSetDTO.self, from: try row.decode(String.self, forColumn: "delegation_set"))
            var zone = HostedZone(id: id, name: try RowCoding.name(try row.decode(Data.self, forColumn: "name")),
                                  callerReference: try row.decode(String.self, forColumn: "caller_reference"),
                                  comment: try row.decode(String?.self, forColumn: "comment"),
                                  isPrivate: try row.decode(Bool.self, forColumn: "is_private"),
                                  delegationSet: try delegationSet.model(), recordSets: recordSets[id] ?? [])
            zone.vpcs = try RowCoding.decode([VPCAssociation].self, from: try row.decode(String.self, forColumn: "vpcs"))
            return StoredZone(zone: zone, owner: try Self.owner(row), configDigest: try row.decode(String?.self, forColumn: "config_digest"),
                              createdAt: try Self.date(row, "created_at"))
        }
        return (zones, notLoaded)
    }

    private func loadHealthChecks(in db: Database) throws -> [StoredHealthCheck] {
        try Row.fetchAll(db, sql: "SELECT * FROM health_check ORDER BY seq").map { row in
            let config = try RowCoding.decode(HealthCheckConfigDTO.self, from: try row.decode(String.self, forColumn: "config"))
            let check = HealthCheck(id: try row.decode(String.self, forColumn: "id"),
                                    callerReference: try row.decode(String.self, forColumn: "caller_reference"),
                                    config: try config.model(), version: try row.decode(Int.self, forColumn: "version"))
            return StoredHealthCheck(check: check, owner: try Self.owner(row),
                                     configDigest: try row.decode(String?.self, forColumn: "config_digest"),
                                     createdAt: try Self.date(row, "created_at"))
        }
    }

    private func loadDelegationSets(in db: Database) throws -> [StoredDelegationSet] {
        try Row.fetchAll(db, sql: "SELECT body, created_at FROM delegation_set ORDER BY seq").map { row in
            let set = try RowCoding.decode(DelegationSetDTO.self, from: try row.decode(String.self, forColumn: "body"))
            return StoredDelegationSet(set: try set.model(), createdAt: try Self.date(row, "created_at"))
        }
    }

    private func loadTags(in db: Database) throws -> [TagSetKey: [Tag]] {
        var tags: [TagSetKey: [Tag]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM tag ORDER BY resource_type, resource_id, position") {
            let typeText = try row.decode(String.self, forColumn: "resource_type")
            guard let type = TaggedResourceType(rawValue: typeText) else {
                throw StoredValueError("unknown tagged resource type '\(typeText)'")
            }
            let key = TagSetKey(type: type, id: try row.decode(String.self, forColumn: "resource_id"))
            tags[key, default: []].append(Tag(key: try row.decode(String.self, forColumn: "key"),
                                              value: try row.decode(String.self, forColumn: "value")))
        }
        return tags
    }

    private func loadCallerReferences(in db: Database) throws -> [CallerReferenceKind: Set<String>] {
        var references: [CallerReferenceKind: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, reference FROM caller_reference") {
            let kindText = try row.decode(String.self, forColumn: "kind")
            guard let kind = CallerReferenceKind(rawValue: kindText) else {
                throw StoredValueError("unknown caller reference kind '\(kindText)'")
            }
            references[kind, default: []].insert(try row.decode(String.self, forColumn: "reference"))
        }
        return references
    }

    private func loadDrillStates(in db: Database) throws -> [DrillState] {
        try Row.fetchAll(db, sql: "SELECT * FROM drill_state ORDER BY seq").map { row in
            DrillState(checkId: try row.decode(String.self, forColumn: "check_id"),
                       forcedHealthy: try row.decode(Bool?.self, forColumn: "forced_healthy"),
                       forcedUntil: try row.decode(Double?.self, forColumn: "forced_until").map(Date.init(timeIntervalSinceReferenceDate:)),
                       paused: try row.decode(Bool.self, forColumn: "paused"))
        }
    }

    private static func owner(_ row: Row) throws -> Owner {
        let text = try row.decode(String.self, forColumn: "owner")
        guard let owner = Owner(rawValue: text) else { throw StoredValueError("unknown owner '\(text)'") }
        return owner
    }

    /// Dates are stored as REAL seconds since the reference date, which round-trips a `Date` exactly.
    static func date(_ row: Row, _ column: String) throws -> Date {
        Date(timeIntervalSinceReferenceDate: try row.decode(Double.self, forColumn: column))
    }
}
