import DNSWire
import GRDB
import GRDBSQLite
import Route53Model

/// Inserts record-set rows through the raw prepared statement: GRDB's `StatementArguments` boxes
/// every value and copies each name into a `Data`, a large share of a million-row seed's CPU
/// (issue 6, scale). The statement must be
/// `INSERT INTO record_set (zone_id, name_key, type, set_key, position, name, set_identifier, body)`
/// with its eight parameters in that order. Errors are GRDB's `DatabaseError`, with SQLite's
/// message (a duplicate key reads "UNIQUE constraint failed", RR-14).
struct BulkInsert {
    private let statement: Statement
    private let connection: OpaquePointer?

    init(statement: Statement, db: Database) {
        self.statement = statement
        connection = db.sqliteConnection
    }

    /// SQLite copies the bytes bound (`SQLITE_TRANSIENT`); the buffers need not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func row(zoneId: String, set: ResourceRecordSet, position: Int, body: String) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        bind(text: zoneId, at: 1)
        let key = set.name.foldedSharingStorage().wire
        key.withUnsafeBytes { _ = sqlite3_bind_blob(raw, 2, $0.baseAddress, Int32($0.count), Self.transient) }
        sqlite3_bind_int64(raw, 3, Int64(set.type.rawValue))
        bind(text: StateStore.setKey(set.setIdentifier), at: 4)
        sqlite3_bind_int64(raw, 5, Int64(position))
        set.name.wire.withUnsafeBytes { _ = sqlite3_bind_blob(raw, 6, $0.baseAddress, Int32($0.count), Self.transient) }
        if let identifier = set.setIdentifier { bind(text: identifier, at: 7) } else { sqlite3_bind_null(raw, 7) }
        bind(text: body, at: 8)
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_reset(raw)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    private func bind(text: String, at index: Int32) {
        // A nil pointer would bind NULL, not '' (the NOT NULL `set_key` of a set without identifier).
        guard !text.isEmpty else {
            sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
            return
        }
        var text = text
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(statement.sqliteStatement, index, $0.baseAddress, Int32($0.count), Self.transient)
            }
        }
    }

    /// Leaves the statement reset and unbound for GRDB's next use of its cache.
    func finish() {
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
    }
}
