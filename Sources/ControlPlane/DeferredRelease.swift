import Dispatch

/// Drops the last reference to a large value on a background queue instead of on the request path.
///
/// After a zone change the previous compiled snapshot and the previous record-set arrays are freed;
/// with 10,000 record sets that took ~8 % of a ChangeResourceRecordSets call (perf, Benchmarks/api.md),
/// spent after the commit but before the answer. Freeing them later changes nothing observable:
/// nothing reads them any more (queries that still hold the old `ServingState` keep it alive anyway).
enum DeferredRelease {
    private static let queue = DispatchQueue(label: "lab53.deferred-release", qos: .utility)

    static func later<T: Sendable>(_ value: T) {
        queue.async { withExtendedLifetime(value) {} }
    }
}
