import DNSWire
import Foundation
import GRDB
import Route53Model

extension StateStore {
    /// The key columns of a record set (RR-01): the lower-cased wire name, because names compare
    /// case-insensitively (RFC 4343) exactly as `RecordSetKey` does.
    static func nameKey(_ name: DomainName) -> Data {
        Data(name.lowercased().wire)
    }

    /// `''` for no SetIdentifier, `'=' + id` otherwise: NOT NULL for the primary key, yet distinct
    /// from an empty identifier.
    static func setKey(_ setIdentifier: String?) -> String {
        setIdentifier.map { "=" + $0 } ?? ""
    }

    /// Inserts a zone's whole list at positions 0…n−1. Two sets with one key fail the primary key,
    /// which fails the write: a zone never holds duplicate record sets (RR-14).
    func insertRecordSets(_ sets: [ResourceRecordSet], zoneId: String, in db: Database) throws {
        for (position, set) in sets.enumerated() {
            try db.execute(sql: """
                INSERT INTO record_set (zone_id, name_key, type, set_key, position, name, set_identifier, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [zoneId, Self.nameKey(set.name), Int(set.type.rawValue), Self.setKey(set.setIdentifier),
                                 position, Data(set.name.wire), set.setIdentifier, try RowCoding.encode(RecordSetDTO(set))])
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
                                 zoneId, Data(set.name.wire), set.setIdentifier, try RowCoding.encode(RecordSetDTO(set))])
        }
    }

    /// Every stored record set, grouped by zone ID, each group in position order.
    func loadRecordSets(in db: Database) throws -> [String: [ResourceRecordSet]] {
        var result: [String: [ResourceRecordSet]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT zone_id, name, type, set_identifier, body FROM record_set ORDER BY zone_id, position
            """)
        while let row = try rows.next() {
            let type = try row.decode(Int.self, forColumn: "type")
            guard let code = UInt16(exactly: type) else { throw StoredValueError("stored record type \(type) is out of range") }
            let body = try RowCoding.decode(RecordSetDTO.self, from: try row.decode(String.self, forColumn: "body"))
            let set = try body.model(name: try RowCoding.name(try row.decode(Data.self, forColumn: "name")),
                                     type: RRType(rawValue: code),
                                     setIdentifier: try row.decode(String?.self, forColumn: "set_identifier"))
            result[try row.decode(String.self, forColumn: "zone_id"), default: []].append(set)
        }
        return result
    }
}
