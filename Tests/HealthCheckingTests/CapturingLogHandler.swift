import Logging
import Synchronization

/// A `LogHandler` that keeps every message, to check the one-notice-per-transition rule.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

        func append(_ level: Logger.Level, _ message: String) {
            entries.withLock { $0.append((level, message)) }
        }

        var all: [(level: Logger.Level, message: String)] { entries.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(event.level, event.message.description)
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test.health", factory: { _ in CapturingLogHandler(store: store) }), store)
    }
}
