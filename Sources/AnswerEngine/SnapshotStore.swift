import Synchronization

/// The one swapped reference between the planes (architecture.md, "The two planes"): the control
/// plane publishes a complete `ServingState` (zones + health), the data plane reads `current`
/// once per query.
///
/// Two kinds of publication share the reference: `publish(snapshot:)` (zones or client tables
/// changed; health kept) and `publish(health:)` (a check crossed its threshold; zones kept). Both
/// build the new state outside the readers' lock, which is held only to copy or replace one
/// reference, so readers never wait for a compile or a re-slotting. Publishers are serialised
/// among themselves so neither kind can undo the other.
public final class SnapshotStore: Sendable {
    /// What publishers carry from one publication to the next.
    private struct PublisherState {
        var snapshot: AnswerSnapshot
        var statuses: [String: Bool] = [:]
        var stamp: HealthStamp
        /// Recent health generations, oldest first, for the failover timeline.
        var recentStamps: [HealthStamp]
    }

    /// Health generations whose stamps stay queryable.
    public static let retainedHealthGenerations = 1024

    private let serving: Mutex<ServingState>
    private let publisher: Mutex<PublisherState>

    /// A store serving `initial` with every check healthy (health generation 0).
    public init(_ initial: AnswerSnapshot) {
        let state = ServingState(snapshot: initial)
        serving = Mutex(state)
        publisher = Mutex(PublisherState(snapshot: initial, stamp: state.healthStamp, recentStamps: [state.healthStamp]))
    }

    /// The state to answer the next query from.
    public var current: ServingState {
        serving.withLock { $0 }
    }

    /// The health statuses currently served, by check ID (missing = healthy).
    public var healthStatuses: [String: Bool] {
        current.healthStatuses
    }

    /// Serves `snapshot` with the current health statuses, re-slotted by check ID for the new
    /// snapshot's `healthCheckIDs`: a zone change never resets health (issue 3 item 5). Queries
    /// already holding the old state finish with it.
    @discardableResult
    public func publish(snapshot: AnswerSnapshot) -> ServingState {
        publisher.withLock { state in
            state.snapshot = snapshot
            let next = ServingState(snapshot: snapshot, healthStatuses: state.statuses, healthStamp: state.stamp,
                                    publishedAt: ServingState.uptimeNanoseconds())
            serving.withLock { $0 = next }
            return next
        }
    }

    /// Same as `publish(snapshot:)`.
    public func publish(_ snapshot: AnswerSnapshot) {
        publish(snapshot: snapshot)
    }

    /// Serves the current snapshot with `statuses` (the complete map: a check missing from it is
    /// healthy, HC-12a lab rule) and returns the new health generation. Publishes at once, with
    /// no batching (issue 3 item 5): the next query sees it.
    @discardableResult
    public func publish(health statuses: [String: Bool]) -> UInt64 {
        publishHealth(statuses).healthGeneration
    }

    /// `publish(health:)` returning the published state, whose `firstAnswerUptimeNanoseconds`
    /// tells when it was first answered from.
    @discardableResult
    public func publishHealth(_ statuses: [String: Bool]) -> ServingState {
        publisher.withLock { state in
            let now = ServingState.uptimeNanoseconds()
            state.statuses = statuses
            state.stamp = HealthStamp(generation: state.stamp.generation + 1, publishedAt: now)
            state.recentStamps.append(state.stamp)
            if state.recentStamps.count > Self.retainedHealthGenerations {
                state.recentStamps.removeFirst(state.recentStamps.count - Self.retainedHealthGenerations)
            }
            let next = ServingState(snapshot: state.snapshot, healthStatuses: statuses, healthStamp: state.stamp,
                                    publishedAt: now)
            serving.withLock { $0 = next }
            return next
        }
    }

    /// CLOCK_MONOTONIC nanoseconds of the first answer served under health generation
    /// `generation` (from whichever state carried it; zone publications keep the generation),
    /// nil while none has been or when the generation is older than the last
    /// `retainedHealthGenerations`.
    public func firstAnswerUptimeNanoseconds(forHealthGeneration generation: UInt64) -> UInt64? {
        stamp(generation)?.firstAnswer
    }

    /// CLOCK_MONOTONIC nanoseconds at which health generation `generation` was published.
    public func publishedUptimeNanoseconds(forHealthGeneration generation: UInt64) -> UInt64? {
        stamp(generation)?.publishedAt
    }

    private func stamp(_ generation: UInt64) -> HealthStamp? {
        publisher.withLock { state in
            // Generations are consecutive, so the position is known.
            guard let oldest = state.recentStamps.first?.generation, generation >= oldest else { return nil }
            let position = Int(generation - oldest)
            return position < state.recentStamps.count ? state.recentStamps[position] : nil
        }
    }
}
