import GRDB

extension StateStore {
    /// The schema, one migration per version. A released migration is never edited: a change of
    /// schema is a new migration, so a database written by any earlier lab53 opens and upgrades.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createSchemaV1)
        return migrator
    }

    /// Schema v1.
    ///
    /// - Objects listed "in creation order" (zones, checks, delegation sets, drill states) have an
    ///   integer `seq` key; puts are upserts on the natural `id`, so replacing an object keeps its place.
    /// - Dates are REAL seconds since 2001-01-01 (`Date.timeIntervalSinceReferenceDate`): exact, unlike
    ///   GRDB's default text format, which keeps milliseconds only.
    /// - Names are BLOBs of wire bytes. `record_set.name_key` is the lower-cased wire name, because
    ///   names compare case-insensitively (RFC 4343) while `name` keeps the bytes as given.
    /// - `record_set.set_key` is `''` without a SetIdentifier and `'=' || id` with one, so the key is
    ///   NOT NULL (SQLite treats NULLs as distinct in a key) yet nil and an empty identifier differ.
    /// - The change history has no foreign key to zones: it outlives the zones it describes (API-26).
    private static func createSchemaV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (
                key TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE zone (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                name BLOB NOT NULL,
                caller_reference TEXT NOT NULL,
                comment TEXT,
                is_private INTEGER NOT NULL,
                delegation_set TEXT NOT NULL,
                vpcs TEXT NOT NULL DEFAULT '[]',
                owner TEXT NOT NULL,
                config_digest TEXT,
                created_at REAL NOT NULL
            );

            CREATE TABLE record_set (
                zone_id TEXT NOT NULL REFERENCES zone(id) ON DELETE CASCADE,
                name_key BLOB NOT NULL,
                type INTEGER NOT NULL,
                set_key TEXT NOT NULL,
                position INTEGER NOT NULL,
                name BLOB NOT NULL,
                set_identifier TEXT,
                body TEXT NOT NULL,
                PRIMARY KEY (zone_id, name_key, type, set_key)
            ) WITHOUT ROWID;
            CREATE INDEX record_set_by_position ON record_set(zone_id, position);

            CREATE TABLE health_check (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                caller_reference TEXT NOT NULL,
                version INTEGER NOT NULL,
                config TEXT NOT NULL,
                owner TEXT NOT NULL,
                config_digest TEXT,
                created_at REAL NOT NULL
            );

            CREATE TABLE delegation_set (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL,
                created_at REAL NOT NULL
            );

            CREATE TABLE tag (
                resource_type TEXT NOT NULL,
                resource_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (resource_type, resource_id, position)
            ) WITHOUT ROWID;

            CREATE TABLE caller_reference (
                kind TEXT NOT NULL,
                reference TEXT NOT NULL,
                PRIMARY KEY (kind, reference)
            ) WITHOUT ROWID;

            CREATE TABLE drill_state (
                seq INTEGER PRIMARY KEY,
                check_id TEXT NOT NULL UNIQUE,
                forced_healthy INTEGER,
                forced_until REAL,
                paused INTEGER NOT NULL
            );

            CREATE TABLE change_history (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                submitted_at REAL NOT NULL,
                comment TEXT,
                hosted_zone_id TEXT,
                operation TEXT NOT NULL,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            CREATE INDEX change_history_by_time ON change_history(submitted_at, seq);
            CREATE INDEX change_history_by_zone ON change_history(hosted_zone_id, submitted_at, seq);
            """)
    }
}
