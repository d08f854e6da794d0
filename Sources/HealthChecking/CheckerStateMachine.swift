/// One virtual checker's view of an endpoint (HC-06), as a pure state machine (architecture
/// pattern 1): feed it probe results, it returns what to do.
///
/// Route 53 semantics: a checker starts *healthy* and flips only after `FailureThreshold`
/// **consecutive** results of the opposite kind; the same threshold applies in both directions
/// (TM-02 "recovery uses the same threshold in the other direction"). A single result of the
/// same kind as the current state resets the opposite run.
public struct CheckerStateMachine: Sendable, Hashable {
    /// The checker's current opinion of the endpoint.
    public enum State: Sendable, Hashable {
        case healthy
        case unhealthy
    }

    /// What the caller must do after a result.
    public enum Action: Sendable, Hashable {
        /// The opinion did not change.
        case none
        /// The opinion changed: re-aggregate the check (HC-07).
        case flipped(to: State)
    }

    /// The checker's opinion; `.healthy` for a new checker.
    public private(set) var state: State
    /// Length of the current run of successes (0 after a failure).
    public private(set) var consecutiveSuccesses = 0
    /// Length of the current run of failures (0 after a success).
    public private(set) var consecutiveFailures = 0
    /// 1–10 in Route 53 (HC-02); values below 1 behave as 1. A change takes effect with the next
    /// result, counting the run already in progress.
    public var failureThreshold: Int

    /// A new checker starts healthy (HC-06, HC-08).
    public init(failureThreshold: Int, state: State = .healthy) {
        self.failureThreshold = failureThreshold
        self.state = state
    }

    /// `state == .healthy`.
    public var isHealthy: Bool { state == .healthy }

    /// Records one probe result and reports whether the checker's opinion flipped.
    public mutating func record(success: Bool) -> Action {
        if success {
            consecutiveSuccesses += 1
            consecutiveFailures = 0
        } else {
            consecutiveFailures += 1
            consecutiveSuccesses = 0
        }
        let threshold = max(1, failureThreshold)
        switch state {
        case .healthy where consecutiveFailures >= threshold:
            state = .unhealthy
            return .flipped(to: .unhealthy)
        case .unhealthy where consecutiveSuccesses >= threshold:
            state = .healthy
            return .flipped(to: .healthy)
        default:
            return .none
        }
    }
}
