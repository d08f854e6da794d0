import GRDB

extension StateStore {
    /// Meta values longer than this are stored as several rows. SQLite copies a bound text and
    /// builds the row in memory before it writes its pages, so one 16 MB value (the config record
    /// keys of a million-set zone) cost a ~34 MB memory spike at the end of the seed (issue 6, scale).
    static let metaPartBytes = 1 << 18

    /// The meta key marking a config zone as pristine: its value is the config digest the zone
    /// was seeded from, and every record-set write to the zone deletes it (`apply`), so a restart
    /// with that digest may take the record sets from the config instead of decoding them
    /// (`load(configDigests:)`, issue 6, scale).
    public static func pristineMetaKey(_ zoneId: String) -> String { "config-zone-pristine:" + zoneId }

    /// Part `n` (from 1) of the value of `key`; part 0 is stored under `key` itself. The separator
    /// sorts the parts after their key and is never part of a key the daemon writes.
    static func metaPartKey(_ key: String, _ part: Int) -> String {
        let digits = String(part)
        return key + "\u{1F}" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// SQL arguments for `key > ? AND key < ?`: the parts 1… of `key`, and nothing else.
    private static func partBounds(_ key: String) -> StatementArguments {
        [key + "\u{1F}", key + "\u{20}"]
    }

    /// Writes `value` under `key`, replacing every part written before.
    func putMeta(key: String, value: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM meta WHERE key > ? AND key < ?", arguments: Self.partBounds(key))
        for (part, text) in Self.metaParts(value).enumerated() {
            try db.execute(sql: """
                INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, arguments: [part == 0 ? key : Self.metaPartKey(key, part), text])
        }
    }

    /// `value` cut at Unicode scalar boundaries into pieces of at most `metaPartBytes` UTF-8 bytes
    /// (one piece, possibly empty, when it is short).
    static func metaParts(_ value: String) -> [String] {
        let utf8 = value.utf8
        guard utf8.count > metaPartBytes else { return [value] }
        var parts: [String] = []
        var start = utf8.startIndex
        while start < utf8.endIndex {
            var end = utf8.index(start, offsetBy: metaPartBytes, limitedBy: utf8.endIndex) ?? utf8.endIndex
            // Never inside a scalar: back up over UTF-8 continuation bytes.
            while end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
            parts.append(String(Substring(utf8[start..<end])))
            start = end
        }
        return parts
    }

    /// Every meta value, parts joined in order.
    func loadMeta(in db: Database) throws -> [String: String] {
        try joinedMeta(try Row.fetchCursor(db, sql: "SELECT key, value FROM meta ORDER BY key"))
    }

    /// The value of one meta key, parts joined; nil when it was never written.
    public func meta(_ key: String) throws(StoreError) -> String? {
        try perform("read meta") {
            try queue.read { db in
                try joinedMeta(try Row.fetchCursor(db, sql: "SELECT key, value FROM meta WHERE key = ? OR (key > ? AND key < ?) ORDER BY key",
                                                   arguments: [key] + Self.partBounds(key)))[key]
            }
        }
    }

    /// (key, value) rows in key order, each part appended to the value of its key.
    private func joinedMeta(_ rows: RowCursor) throws -> [String: String] {
        var meta: [String: String] = [:]
        while let row = try rows.next() {
            let key: String = try row.decode(atIndex: 0)
            let value: String = try row.decode(atIndex: 1)
            if let separator = key.firstIndex(of: "\u{1F}") {
                meta[String(key[..<separator]), default: ""] += value
            } else {
                meta[key] = value
            }
        }
        return meta
    }
}
