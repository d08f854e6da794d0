import HealthChecking
import NIOCore

/// Routes each probe to the prober for its kind: TCP checks to `TCPProber`, HTTP, HTTPS and
/// string-match checks to `HTTPProber`, all on one event-loop group. Both ways of probing pass
/// the gate: `probe` (async, FQDN checks) and `start` (callbacks, IP-addressed checks; issue 6).
public struct ProbeDispatcher: CallbackProber {
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

    public func start(_ target: ProbeTarget, completion: @escaping @Sendable (ProbeResult) -> Void) -> ProbeHandle {
        guard gate.enter() else {
            completion(ProbeResult(success: false, status: ProberStatus.cancelled))
            return .finished
        }
        // The result reaches the monitor before the gate lets shutdown proceed.
        let finish: @Sendable (ProbeResult) -> Void = { [gate] result in
            completion(result)
            gate.leave()
        }
        return switch target.kind {
        case .tcp: tcp.start(target, completion: finish)
        case .http: http.start(target, completion: finish)
        }
    }

    /// A batch passes the gate probe by probe; HTTP probes go to `HTTPProber` as one batch.
    public func start(batch: [ProbeRequest]) -> [ProbeHandle] {
        var handles = [ProbeHandle](repeating: .finished, count: batch.count)
        var http: [ProbeRequest] = []
        var httpIndices: [Int] = []
        for (index, request) in batch.enumerated() {
            guard case .http = request.target.kind else {
                handles[index] = start(request.target, completion: request.completion)
                continue
            }
            guard gate.enter() else {
                request.completion(ProbeResult(success: false, status: ProberStatus.cancelled))
                continue
            }
            http.append(ProbeRequest(target: request.target) { [gate] result in
                request.completion(result)
                gate.leave()
            })
            httpIndices.append(index)
        }
        for (index, handle) in zip(httpIndices, self.http.start(batch: http)) { handles[index] = handle }
        return handles
    }
}
