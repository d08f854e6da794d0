import DNSWire
import Foundation
import GRDB
import Route53Model

extension StateStore {
    /// The key columns of a record set (RR-01): the lower-cased wire name, because names compare
    /// case-insensitively (RFC 4343) exactly as `RecordSetKey` does.
    static func nameKey(_ name: DomainName) -> Data {
        Data(name.foldedSharingStorage().wire)
    }

    /// `''` for no SetIdentifier, `'=' + id` otherwise: NOT NULL for the primary key, yet distinct
    /// from an empty identifier.
    static func setKey(_ setIdentifier: String?) -> String {
        setIdentifier.map { "=" + $0 } ?? ""
    }

    /// Inserts a zone's whole list at positions 0…n−1. Two sets with one key fail the primary key,
    /// which fails the write: a zone never holds duplicate record sets (RR-14). One prepared
    /// statement for the whole list (a zone file may bring a million sets, issue 6).
    func insertRecordSets(_ sets: [ResourceRecordSet], zoneId: String, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO record_set (zone_id, name_key, type, set_key, position, name, set_identifier, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insert = BulkInsert(statement: statement, db: db)
        defer { insert.finish() }
        for (position, set) in sets.enumerated() {
            try insert.row(zoneId: zoneId, set: set, position: position, body: try RecordSetBody.encode(set))
        }
    }

    /// Replaces sets by key in place (their position is kept, so ListResourceRecordSets order and the
    /// zone's order do not jump on an UPSERT) and appends new ones after the last, in the order given.
    func upsertRecordSets(_ sets: [ResourceRecordSet], zoneId: String, in db: Database) throws {
        for set in sets {
            try db.execute(sql: """
                INSERT INTO record_set (zone_id, name_key, type, set_key, position, name, set_identifier, body)
                VALUES (?, ?, ?, ?, (SELECT ifnull(max(position) + 1, 0) FROM record_set WHERE zone_id = ?), ?, ?, ?)
                ON CONFLICT(zone_id, name_key, type, set_key) DO UPDATE SET
                    name = excluded.name, set_identifier = excluded.set_identifier, body = excluded.body
                """, arguments: [zoneId, Self.nameKey(set.name), Int(set.type.rawValue), Self.setKey(set.setIdentifier),
                                 zoneId, Data(set.name.wire), set.setIdentifier, try RecordSetBody.encode(set)])
        }
    }

    /// The stored record sets of each zone in `zoneIds`, each in position order (the position
    /// index serves every query). Columns are read by index and bodies through `RecordSetBody`:
    /// a restart may read a million rows (issue 6).
    func loadRecordSets(in db: Database, zoneIds: [String]) throws -> [String: [ResourceRecordSet]] {
        var result: [String: [ResourceRecordSet]] = [:]
        let statement = try db.cachedStatement(sql: """
            SELECT name, type, set_identifier, body FROM record_set WHERE zone_id = ? ORDER BY position
            """)
        for zoneId in zoneIds {
            var sets: [ResourceRecordSet] = []
            let rows = try Row.fetchCursor(statement, arguments: [zoneId])
            while let row = try rows.next() {
                let type: Int = try row.decode(atIndex: 1)
                guard let code = UInt16(exactly: type) else { throw StoredValueError("stored record type \(type) is out of range") }
                sets.append(try RecordSetBody.decode(try row.decode(atIndex: 3), name: try RowCoding.name(try row.decode(atIndex: 0)),
                                                     type: RRType(rawValue: code), setIdentifier: try row.decode(atIndex: 2)))
            }
            result[zoneId] = sets
        }
        return result
    }
}
