import AnswerEngine
import Route53Model
import Synchronization

/// Compiles zones into a new `AnswerSnapshot` and swaps it in with one reference store
/// (architecture "The two planes": readers never block and never see a half-built state).
/// Publishes are serialised so generations increase monotonically.
public final class Publisher: Sendable {
    public let store: SnapshotStore
    private let generation: Mutex<UInt64>

    public init(initial zones: [HostedZone]) {
        store = SnapshotStore(SnapshotCompiler.compile(zones: zones, generation: 1))
        generation = Mutex(1)
    }

    /// Compiles and publishes `zones`; returns the new generation.
    @discardableResult
    public func publish(zones: [HostedZone]) -> UInt64 {
        generation.withLock { current in
            current += 1
            store.publish(SnapshotCompiler.compile(zones: zones, generation: current))
            return current
        }
    }
}
