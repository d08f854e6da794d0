import Synchronization

/// Lets lab53d stop with health probes in flight (issue 5 item 2). Every probe passes the gate;
/// `close()` refuses new ones — a probe task that starts after shutdown began would otherwise
/// open a socket on an event loop that is shutting down — and waits for those in flight, which
/// the monitor's shutdown has already cancelled (each prober ends promptly on cancellation).
public final class ProbeGate: Sendable {
    private struct State {
        var open = true
        var inFlight = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Admits a probe; false once the gate is closed. Every admitted probe must call `leave()`.
    func enter() -> Bool {
        state.withLock { state in
            guard state.open else { return false }
            state.inFlight += 1
            return true
        }
    }

    func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.inFlight -= 1
            guard state.inFlight == 0 else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses new probes and returns once none is in flight.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                state.open = false
                if state.inFlight == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}
