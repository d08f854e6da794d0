import Synchronization

/// A `HealthClock` that only moves when told to, for deterministic tests (architecture pattern 2).
///
/// `advance(by:)`/`advance(to:)` move `now` and resume every sleeper whose deadline has been
/// reached, earliest first; the resumed tasks then run on the cooperative pool. To drive a
/// `HealthMonitor` step by step, pair it with `HealthMonitor.settle()`, which waits until the
/// resumed work has finished and reports the monitor's next wake-up.
///
/// Instants start at the `ContinuousClock` reading taken at creation: an arbitrary origin, so
/// tests compare offsets from `start`, never absolute instants. Wall time is `wallEpoch` plus the
/// offset from `start` (default 2023-11-14T22:13:20Z), identical on every run.
public final class ManualClock: HealthClock {
    private struct Sleeper {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    /// The instant the clock started at.
    public let start: ContinuousClock.Instant
    private let wallEpoch: Double
    private let state: Mutex<State>

    /// A clock starting now, whose wall time starts at `wallEpoch` seconds since 1970.
    public init(wallEpoch: Double = 1_700_000_000) {
        let origin = ContinuousClock.now
        start = origin
        self.wallEpoch = wallEpoch
        state = Mutex(State(now: origin))
    }

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// Time elapsed since `start`.
    public var elapsed: Duration { now - start }

    /// The earliest deadline a task is sleeping until, if any.
    public var nextDeadline: ContinuousClock.Instant? {
        state.withLock { $0.sleepers.values.map(\.deadline).min() }
    }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func wallSeconds(at instant: ContinuousClock.Instant) -> Double {
        wallEpoch + MonitorTime.seconds(instant - start)
    }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Cancellation is flagged before the handler runs, so either the handler finds the
                // sleeper registered below or this check sees the flag: no lost wake-up either way.
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves `now` forward by `duration` and resumes the sleepers that became due.
    public func advance(by duration: Duration) {
        advance(to: now + duration)
    }

    /// Moves `now` to `instant` (never backwards) and resumes the sleepers that became due,
    /// earliest deadline first.
    public func advance(to instant: ContinuousClock.Instant) {
        let due: [Sleeper] = state.withLock { state in
            if instant > state.now { state.now = instant }
            let ready = state.sleepers.filter { $0.value.deadline <= state.now }
                .sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
            for (id, _) in ready { state.sleepers[id] = nil }
            return ready.map(\.value)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
