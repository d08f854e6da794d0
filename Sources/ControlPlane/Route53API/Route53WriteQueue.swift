import Dispatch

/// Runs Route 53 API writes on one dedicated serial queue instead of Swift's cooperative pool.
///
/// A write blocks while SQLite commits (one fdatasync, API-28's durability) and while the snapshot
/// is recompiled. The cooperative pool has one thread per core (two here), so two writes in flight
/// would stall every other async task of the daemon — among them `HealthService`, which publishes
/// health transitions (issue 6: decision → first changed answer). Writes are serialised by
/// `Route53Service`'s lock anyway, so one serial queue costs no parallelism; the price is two
/// thread hops per write.
enum Route53WriteQueue {
    private static let queue = DispatchQueue(label: "lab53.route53-writes", qos: .userInitiated)

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
