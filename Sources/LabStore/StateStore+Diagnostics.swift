import GRDB

/// The SQLite settings in force on the store's connection, for the status page and for tests that
/// prove the durability promise rests on real settings, not on intentions.
public struct StoreConnectionSettings: Sendable, Hashable {
    /// `wal` for a file-backed store, `memory` for `inMemory()`.
    public var journalMode: String
    /// 2 = FULL (every commit syncs the WAL).
    public var synchronous: Int
    public var foreignKeys: Bool
    public var busyTimeoutMilliseconds: Int
}

extension StateStore {
    public func connectionSettings() throws(StoreError) -> StoreConnectionSettings {
        try perform("read settings") {
            try queue.read { db in
                StoreConnectionSettings(journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                                        synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                                        foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                                        busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? -1)
            }
        }
    }
}
