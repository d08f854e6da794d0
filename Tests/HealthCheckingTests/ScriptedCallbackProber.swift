import HealthChecking
import Synchronization

/// A scripted `CallbackProber`: answers at once with the scripted result, or holds every probe
/// until the test releases it. Counts async `probe` calls (FQDN checks) and cancellations.
final class ScriptedCallbackProber: CallbackProber {
    enum Mode: Sendable {
        case immediate(ProbeResult)
        case hold
    }

    private struct State {
        var mode: Mode
        var started: [ProbeTarget] = []
        var held: [@Sendable (ProbeResult) -> Void] = []
        var asyncCalls = 0
        var cancellations = 0
    }

    static let healthy = ProbeResult(success: true, status: "Success: HTTP Status Code 200, OK")

    private let state: Mutex<State>

    init(_ mode: Mode = .immediate(ScriptedCallbackProber.healthy)) {
        state = Mutex(State(mode: mode))
    }

    func set(_ mode: Mode) { state.withLock { $0.mode = mode } }
    var started: [ProbeTarget] { state.withLock { $0.started } }
    var heldCount: Int { state.withLock { $0.held.count } }
    var asyncCalls: Int { state.withLock { $0.asyncCalls } }
    var cancellations: Int { state.withLock { $0.cancellations } }

    /// Completes every held probe with `result`.
    func release(_ result: ProbeResult = ScriptedCallbackProber.healthy) {
        let held = state.withLock { state in
            defer { state.held = [] }
            return state.held
        }
        for completion in held { completion(result) }
    }

    func probe(_ target: ProbeTarget) async -> ProbeResult {
        state.withLock { $0.asyncCalls += 1 }
        return Self.healthy
    }

    func start(_ target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) -> ProbeHandle {
        let immediate: ProbeResult? = state.withLock { state in
            state.started.append(target)
            switch state.mode {
            case .immediate(let result): return result
            case .hold:
                state.held.append(completion)
                return nil
            }
        }
        if let immediate {
            completion(immediate)
            return .finished
        }
        return ProbeHandle { [self] in
            state.withLock { $0.cancellations += 1 }
        }
    }
}
