import Synchronization

/// One health transition followed end to end (issue 3, item 7): last good probe → first failed
/// probe → decision (threshold crossed) → publication of the new health vector → first DNS answer
/// served from it. Instants are monotonic nanoseconds (CLOCK_MONOTONIC, see `MonotonicTime`);
/// `wallTime` is for display only.
public struct TimelineEntry: Sendable, Hashable {
    public var sequence: Int
    public var checkId: String
    public var healthy: Bool
    public var previous: Bool
    public var realHealthy: Bool
    public var reason: String
    /// Seconds since 1970 when the decision was taken.
    public var wallTime: Double
    public var lastGoodProbe: UInt64?
    public var firstFailedProbe: UInt64?
    public var decidedAt: UInt64
    public var publishedAt: UInt64
    public var healthGeneration: UInt64
    /// Filled in lazily from the serving state that carried this transition.
    public var firstAnswerAt: UInt64?

    /// Milliseconds from `from` to `to`, nil when either is unknown.
    public static func milliseconds(from: UInt64?, to: UInt64?) -> Double? {
        guard let from, let to else { return nil }
        return (Double(to) - Double(from)) / 1_000_000
    }
}

/// A bounded, thread-safe log of `TimelineEntry`s (oldest dropped first).
public final class FailoverTimeline: Sendable {
    private struct State {
        var entries: [TimelineEntry] = []
        var nextSequence = 1
    }

    private let state = Mutex(State())
    private let capacity: Int
    /// Where the first-answer instant of a health generation can be read once it is known.
    private let firstAnswer: @Sendable (UInt64) -> UInt64?

    public init(capacity: Int = 1000, firstAnswer: @escaping @Sendable (UInt64) -> UInt64?) {
        self.capacity = capacity
        self.firstAnswer = firstAnswer
    }

    @discardableResult
    public func record(_ entry: TimelineEntry) -> TimelineEntry {
        state.withLock { state in
            var entry = entry
            entry.sequence = state.nextSequence
            state.nextSequence += 1
            state.entries.append(entry)
            if state.entries.count > capacity { state.entries.removeFirst(state.entries.count - capacity) }
            return entry
        }
    }

    /// Entries, oldest first, optionally for one check; first-answer instants resolved now.
    public func entries(checkId: String? = nil) -> [TimelineEntry] {
        let snapshot = state.withLock { $0.entries }
        return snapshot.filter { checkId == nil || $0.checkId == checkId }.map { entry in
            var entry = entry
            if entry.firstAnswerAt == nil { entry.firstAnswerAt = firstAnswer(entry.healthGeneration) }
            return entry
        }
    }
}
