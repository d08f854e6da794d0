import Foundation
import GRDB
import Route53Model

extension StateStore {
    /// Applies one mutation inside the caller's transaction. Puts are upserts on the natural ID, so
    /// an object that is replaced keeps its place in creation order. Deletes of objects that do not
    /// exist are no-ops; a mutation that needs an existing zone fails when the zone is missing.
    func apply(_ mutation: StoreMutation, in db: Database) throws {
        switch mutation {
        case .putZone(let stored):
            // A seed marks the zone pristine again after this, in the same batch.
            try clearPristine(stored.zone.id, in: db)
            try upsertZone(stored, in: db)
            try db.execute(sql: "DELETE FROM record_set WHERE zone_id = ?", arguments: [stored.zone.id])
            try insertRecordSets(stored.zone.recordSets, zoneId: stored.zone.id, in: db)
        case .putZoneMetadata(let stored):
            try requireZone(stored.zone.id, in: db)
            try upsertZone(stored, in: db)
        case .deleteZone(let id):
            // Record sets go by ON DELETE CASCADE; tags have no foreign key (they key two kinds of resource).
            try clearPristine(id, in: db)
            try db.execute(sql: "DELETE FROM zone WHERE id = ?", arguments: [id])
            try deleteTags(TagSetKey(type: .hostedzone, id: id), in: db)
        case .putRecordSets(let zoneId, let sets):
            try requireZone(zoneId, in: db)
            try clearPristine(zoneId, in: db)
            try upsertRecordSets(sets, zoneId: zoneId, in: db)
        case .deleteRecordSets(let zoneId, let keys):
            try requireZone(zoneId, in: db)
            try clearPristine(zoneId, in: db)
            for key in keys {
                try db.execute(sql: """
                    DELETE FROM record_set WHERE zone_id = ? AND name_key = ? AND type = ? AND set_key = ?
                    """, arguments: [zoneId, Self.nameKey(key.name), Int(key.type.rawValue), Self.setKey(key.setIdentifier)])
            }
        case .putHealthCheck(let stored):
            try upsertHealthCheck(stored, in: db)
        case .deleteHealthCheck(let id):
            try db.execute(sql: "DELETE FROM health_check WHERE id = ?", arguments: [id])
            try deleteTags(TagSetKey(type: .healthcheck, id: id), in: db)
        case .putDelegationSet(let stored):
            try upsertDelegationSet(stored, in: db)
        case .deleteDelegationSet(let id):
            try db.execute(sql: "DELETE FROM delegation_set WHERE id = ?", arguments: [id])
        case .setTags(let key, let tags):
            try deleteTags(key, in: db)
            for (position, tag) in tags.enumerated() {
                try db.execute(sql: """
                    INSERT INTO tag (resource_type, resource_id, position, key, value) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [key.type.rawValue, key.id, position, tag.key, tag.value])
            }
        case .appendChange(let change):
            // A plain INSERT: a change ID is never reused, so a duplicate is a bug worth failing on.
            try db.execute(sql: """
                INSERT INTO change_history (id, submitted_at, comment, hosted_zone_id, operation, actor, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [change.id, change.submittedAt.timeIntervalSinceReferenceDate, change.comment,
                                 change.hostedZoneId, change.operation, change.actor, change.detail])
        case .rememberCallerReference(let kind, let reference):
            // HZ-11, HC-11, HZ-10: remembered forever, so remembering twice is harmless.
            try db.execute(sql: "INSERT OR IGNORE INTO caller_reference (kind, reference) VALUES (?, ?)",
                           arguments: [kind.rawValue, reference])
        case .putDrillState(let state):
            try db.execute(sql: """
                INSERT INTO drill_state (check_id, forced_healthy, forced_until, paused) VALUES (?, ?, ?, ?)
                ON CONFLICT(check_id) DO UPDATE SET
                    forced_healthy = excluded.forced_healthy, forced_until = excluded.forced_until, paused = excluded.paused
                """, arguments: [state.checkId, state.forcedHealthy, state.forcedUntil?.timeIntervalSinceReferenceDate,
                                 state.paused])
        case .deleteDrillState(let checkId):
            try db.execute(sql: "DELETE FROM drill_state WHERE check_id = ?", arguments: [checkId])
        case .putMeta(let key, let value):
            try putMeta(key: key, value: value, in: db)
        case .deleteAll:
            // The change history stays: it is the audit trail of the reset itself (API-26 keeps
            // answering GetChange for changes made before it).
            try db.execute(sql: """
                DELETE FROM record_set; DELETE FROM zone; DELETE FROM health_check; DELETE FROM delegation_set;
                DELETE FROM tag; DELETE FROM caller_reference; DELETE FROM drill_state; DELETE FROM meta;
                """)
        }
    }

    private func requireZone(_ id: String, in db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM zone WHERE id = ?)", arguments: [id]) == true else {
            throw StoredValueError("no hosted zone with ID \(id) is stored")
        }
    }

    private func upsertZone(_ stored: StoredZone, in db: Database) throws {
        let zone = stored.zone
        try db.execute(sql: """
            INSERT INTO zone (id, name, caller_reference, comment, is_private, delegation_set, vpcs, owner, config_digest, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                name = excluded.name, caller_reference = excluded.caller_reference, comment = excluded.comment,
                is_private = excluded.is_private, delegation_set = excluded.delegation_set, vpcs = excluded.vpcs,
                owner = excluded.owner, config_digest = excluded.config_digest, created_at = excluded.created_at
            """, arguments: [zone.id, Data(zone.name.wire), zone.callerReference, zone.comment, zone.isPrivate,
                             try RowCoding.encode(DelegationSetDTO(zone.delegationSet)), try RowCoding.encode(zone.vpcs),
                             stored.owner.rawValue,
                             stored.configDigest, stored.createdAt.timeIntervalSinceReferenceDate])
    }

    private func upsertHealthCheck(_ stored: StoredHealthCheck, in db: Database) throws {
        let check = stored.check
        try db.execute(sql: """
            INSERT INTO health_check (id, caller_reference, version, config, owner, config_digest, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                caller_reference = excluded.caller_reference, version = excluded.version, config = excluded.config,
                owner = excluded.owner, config_digest = excluded.config_digest, created_at = excluded.created_at
            """, arguments: [check.id, check.callerReference, check.version,
                             try RowCoding.encode(HealthCheckConfigDTO(check.config)), stored.owner.rawValue,
                             stored.configDigest, stored.createdAt.timeIntervalSinceReferenceDate])
    }

    private func upsertDelegationSet(_ stored: StoredDelegationSet, in db: Database) throws {
        // A reusable set is addressed by its ID (HZ-10); one without an ID is a zone's own set and
        // belongs inside the zone, not here.
        guard let id = stored.set.id else {
            throw StoredValueError("a reusable delegation set needs an ID")
        }
        try db.execute(sql: """
            INSERT INTO delegation_set (id, body, created_at) VALUES (?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET body = excluded.body, created_at = excluded.created_at
            """, arguments: [id, try RowCoding.encode(DelegationSetDTO(stored.set)),
                             stored.createdAt.timeIntervalSinceReferenceDate])
    }

    private func deleteTags(_ key: TagSetKey, in db: Database) throws {
        try db.execute(sql: "DELETE FROM tag WHERE resource_type = ? AND resource_id = ?",
                       arguments: [key.type.rawValue, key.id])
    }

    /// Any change to a zone's record sets other than its seed ends its pristine mark.
    private func clearPristine(_ zoneId: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.pristineMetaKey(zoneId)])
    }
}
