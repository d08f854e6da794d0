import Synchronization

/// The one swapped reference between the planes (architecture.md, "The two planes"): the control
/// plane publishes a complete snapshot, the data plane reads `current` once per query.
///
/// The lock is held only to copy or replace one reference, so readers never wait for a compile
/// and never see a half-built state; a failed compile simply never publishes.
public final class SnapshotStore: Sendable {
    private let state: Mutex<AnswerSnapshot>

    public init(_ initial: AnswerSnapshot) {
        state = Mutex(initial)
    }

    /// The snapshot to answer the next query from.
    public var current: AnswerSnapshot {
        state.withLock { $0 }
    }

    /// Replaces the current snapshot; queries already holding the old one finish with it.
    public func publish(_ snapshot: AnswerSnapshot) {
        state.withLock { $0 = snapshot }
    }
}
