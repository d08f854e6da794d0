import Foundation
import GRDB

extension StateStore {
    /// One change by its bare ID, for GetChange (API-26); nil when unknown.
    public func change(id: String) throws(StoreError) -> ChangeRecord? {
        try perform("read change history") {
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM change_history WHERE id = ?", arguments: [id]).map(Self.changeRecord)
            }
        }
    }

    /// The newest `limit` changes submitted strictly before `before` (all when nil), newest first,
    /// optionally only those of one hosted zone. Changes submitted at the same instant come out in
    /// reverse order of appending. Pass the last `submittedAt` of a page as `before` for the next one.
    public func changes(hostedZoneId: String?, limit: Int, before: Date?) throws(StoreError) -> [ChangeRecord] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let hostedZoneId {
            conditions.append("hosted_zone_id = ?")
            arguments += [hostedZoneId]
        }
        if let before {
            conditions.append("submitted_at < ?")
            arguments += [before.timeIntervalSinceReferenceDate]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM change_history \(filter) ORDER BY submitted_at DESC, seq DESC LIMIT ?"
        let finalArguments = arguments
        return try perform("read change history") {
            try queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: finalArguments).map(Self.changeRecord)
            }
        }
    }

    private static func changeRecord(_ row: Row) throws -> ChangeRecord {
        ChangeRecord(id: try row.decode(String.self, forColumn: "id"), submittedAt: try date(row, "submitted_at"),
                     comment: try row.decode(String?.self, forColumn: "comment"),
                     hostedZoneId: try row.decode(String?.self, forColumn: "hosted_zone_id"),
                     operation: try row.decode(String.self, forColumn: "operation"),
                     actor: try row.decode(String.self, forColumn: "actor"),
                     detail: try row.decode(String.self, forColumn: "detail"))
    }
}
