import Foundation
import GRDB

/// The durable state of the daemon in one SQLite file (`<directory>/lab53.sqlite`), through GRDB.
///
/// The file is in WAL mode with `synchronous = FULL`: `write` returns only after its transaction is
/// committed and the WAL is synced, so every acknowledged write survives `kill -9` and power loss
/// (architecture: "a change batch is one transaction"). The store is synchronous and serialised by
/// GRDB's queue; callers run it off the DNS path (the data plane never touches it).
public final class StateStore: Sendable {
    /// The database file name inside the state directory.
    public static let fileName = "lab53.sqlite"
    /// How long a write waits for another connection's lock before failing with "database is locked".
    static let busyTimeout: TimeInterval = 5

    /// The database file, or `:memory:`.
    public let path: String
    let queue: DatabaseQueue

    /// Opens (creating when missing) `<directory>/lab53.sqlite`, creating `directory` too, and
    /// migrates the schema to the current version.
    public init(directory: String) throws(StoreError) {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(StateStore.fileName).path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(path: path, operation: "open",
                             problem: "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        self.path = path
        self.queue = try StateStore.openQueue(path: path, inMemory: false)
        try migrate()
    }

    private init(memoryQueue: DatabaseQueue) {
        self.path = ":memory:"
        self.queue = memoryQueue
    }

    /// A private in-memory store for tests: same schema and rules, no file, no WAL.
    public static func inMemory() throws(StoreError) -> StateStore {
        let store = StateStore(memoryQueue: try openQueue(path: ":memory:", inMemory: true))
        try store.migrate()
        return store
    }

    /// Applies `mutations` in order in ONE transaction and returns after the commit. If any mutation
    /// fails, the transaction is rolled back and nothing at all is written.
    public func write(_ mutations: [StoreMutation]) throws(StoreError) {
        guard !mutations.isEmpty else { return }
        try perform("write") {
            try queue.write { db in
                for (index, mutation) in mutations.enumerated() {
                    do {
                        try apply(mutation, in: db)
                    } catch {
                        // Name the failing mutation: a batch may hold hundreds.
                        var failure = StoreError(path: path, operation: "write", wrapping: error)
                        failure.problem = "mutation \(index + 1) of \(mutations.count) (\(mutation.name)): "
                            + failure.problem + "; nothing was written"
                        throw failure
                    }
                }
            }
        }
    }

    /// Closes the database at shutdown. The last connection's close checkpoints the WAL into the
    /// database file and deletes it: a million-record seed left a ~290 MB WAL that the next start
    /// read back to rebuild its index (issue 6, scale: a restart's open). Nothing may use the
    /// store afterwards.
    public func close() throws(StoreError) {
        try perform("close") { try queue.close() }
    }

    /// Runs `body`, turning any error into a `StoreError` that names the file and the operation.
    func perform<T>(_ operation: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError(path: path, operation: operation, wrapping: error)
        }
    }

    private static func openQueue(path: String, inMemory: Bool) throws(StoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.label = "lab53.store"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        // The pragmas are set here rather than through `journalMode = .wal`, because GRDB's WAL setup
        // lowers `synchronous` to NORMAL, which may lose the last commits on power loss.
        configuration.prepareDatabase { db in
            if !inMemory {
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw StoredValueError("SQLite refused WAL mode (journal mode is \(mode ?? "unknown"))")
                }
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            return inMemory ? try DatabaseQueue(configuration: configuration)
                : try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError(path: path, operation: "open", wrapping: error)
        }
    }

    private func migrate() throws(StoreError) {
        let migrator = StateStore.migrator
        let superseded = try perform("migrate") { try queue.read { try migrator.hasBeenSuperseded($0) } }
        guard !superseded else {
            throw StoreError(path: path, operation: "migrate",
                             problem: "the database was written by a newer lab53 (its schema has migrations this build does not know); refusing to open it")
        }
        try perform("migrate") { try migrator.migrate(queue) }
    }
}
