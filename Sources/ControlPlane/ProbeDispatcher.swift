import HealthChecking
import NIOCore

/// Routes each probe to the prober for its kind: TCP checks to `TCPProber`, HTTP, HTTPS and
/// string-match checks to `HTTPProber`, all on one event-loop group.
public struct ProbeDispatcher: Prober {
    private let tcp: TCPProber
    private let http: HTTPProber

    public init(group: any EventLoopGroup) {
        tcp = TCPProber(group: group)
        http = HTTPProber(group: group)
    }

    public func probe(_ target: ProbeTarget) async -> ProbeResult {
        switch target.kind {
        case .tcp: await tcp.probe(target)
        case .http: await http.probe(target)
        }
    }
}
