import HealthChecking
import NIOCore

/// Routes each probe to the prober for its kind: TCP checks to `TCPProber`, HTTP, HTTPS and
/// string-match checks to `HTTPProber`, all on one event-loop group.
public struct ProbeDispatcher: Prober {
    private let tcp: TCPProber
    private let http: HTTPProber
    private let gate: ProbeGate

    /// - Parameter gate: closed by the daemon at shutdown, before `group` shuts down.
    public init(group: any EventLoopGroup, gate: ProbeGate = ProbeGate()) {
        tcp = TCPProber(group: group)
        http = HTTPProber(group: group)
        self.gate = gate
    }

    public func probe(_ target: ProbeTarget) async -> ProbeResult {
        guard gate.enter() else { return ProbeResult(success: false, status: ProberStatus.cancelled) }
        defer { gate.leave() }
        return switch target.kind {
        case .tcp: await tcp.probe(target)
        case .http: await http.probe(target)
        }
    }
}
