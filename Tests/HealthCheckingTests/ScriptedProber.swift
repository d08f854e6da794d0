import HealthChecking
import Synchronization

/// A scripted `Prober` (test double for the scheduler and aggregation logic; the real probers are
/// tested against real loopback servers): each address answers success or failure as the test
/// sets it, or hangs until cancelled. Every target probed is recorded.
final class ScriptedProber: Prober {
    enum Behaviour: Sendable, Hashable {
        case healthy
        case failing(String)
        case hanging
    }

    private struct State {
        var behaviours: [String: Behaviour] = [:]
        var probed: [ProbeTarget] = []
    }

    private let state = Mutex(State())
    private let fallback: Behaviour

    init(default fallback: Behaviour = .healthy) {
        self.fallback = fallback
    }

    func set(_ address: String, _ behaviour: Behaviour) {
        state.withLock { $0.behaviours[address] = behaviour }
    }

    var probed: [ProbeTarget] { state.withLock { $0.probed } }

    func probe(_ target: ProbeTarget) async -> ProbeResult {
        let behaviour = state.withLock { state in
            state.probed.append(target)
            return state.behaviours[target.address] ?? fallback
        }
        switch behaviour {
        case .healthy:
            return ProbeResult(success: true, status: "Success: HTTP Status Code 200, OK", connectTime: .milliseconds(1),
                               timeToFirstByte: .milliseconds(2))
        case .failing(let status):
            return ProbeResult(success: false, status: status)
        case .hanging:
            // Ignores cancellation on purpose: the monitor's budget must still free the checker.
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
            return ProbeResult(success: false, status: "unreachable")
        }
    }
}
