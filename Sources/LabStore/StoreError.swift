import Foundation
import GRDB

/// Why the state store could not do what was asked. The description names the database file and
/// the problem in plain words, because it ends up in the daemon's log and in API error bodies.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The database file (`<directory>/lab53.sqlite`, or `:memory:`).
    public var path: String
    /// What the store was doing: `open`, `migrate`, `load`, `write`, `read change history`.
    public var operation: String
    /// The problem in plain words.
    public var problem: String
    /// SQLite's extended result code when SQLite reported the problem (e.g. 5 = busy, 13 = disk full,
    /// 787 = foreign key constraint); nil for problems found by the store itself.
    public var sqliteResultCode: Int32?

    public init(path: String, operation: String, problem: String, sqliteResultCode: Int32? = nil) {
        self.path = path
        self.operation = operation
        self.problem = problem
        self.sqliteResultCode = sqliteResultCode
    }

    /// Wraps any error thrown while working on `path`; a `StoreError` passes through unchanged.
    init(path: String, operation: String, wrapping error: any Error) {
        if let storeError = error as? StoreError {
            self = storeError
        } else if let databaseError = error as? DatabaseError {
            // `extendedResultCode.description` is `19 (constraint failed)`: the number for searching,
            // SQLite's own words for reading. The message adds the detail (`FOREIGN KEY constraint failed`).
            var problem = "SQLite error \(databaseError.extendedResultCode)"
            if let message = databaseError.message { problem += ": \(message)" }
            self.init(path: path, operation: operation, problem: problem,
                      sqliteResultCode: databaseError.extendedResultCode.rawValue)
        } else if let decodingError = error as? DecodingError {
            self.init(path: path, operation: operation, problem: "a stored row could not be decoded (\(decodingError))")
        } else {
            self.init(path: path, operation: operation, problem: String(describing: error))
        }
    }

    public var description: String {
        "state store \(path): \(operation) failed: \(problem)"
    }
}
