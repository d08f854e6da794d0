/// The current status of every health check, one slot per ID in
/// `AnswerSnapshot.healthCheckIDs` (architecture.md: health is a second, small vector, so a health
/// flip does not recompile the zones). `ServingState` pairs it with its snapshot and
/// `SnapshotStore.publish(health:)` swaps the pair with the zones untouched.
public struct HealthVector: Sendable, Hashable {
    private let statuses: [Bool]

    /// `statuses[i]` is the status of slot `i`; slots beyond the end count as healthy.
    public init(_ statuses: [Bool] = []) {
        self.statuses = statuses
    }

    /// Every check healthy: the state before any probe has run.
    public static let allHealthy = HealthVector()

    @inline(__always)
    public func isHealthy(slot: Int) -> Bool {
        slot < statuses.count ? statuses[slot] : true
    }
}
