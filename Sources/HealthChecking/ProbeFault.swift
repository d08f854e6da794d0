/// A probe fault injected by a drill (issue 3, item 6): while active, the monitor synthesises every
/// probe of the check **without touching the target**, so the whole checker/threshold/18 % path
/// runs exactly as for a real failure.
///
/// | fault | HTTP[S] checks | TCP checks |
/// |---|---|---|
/// | `timeout` | failure after the (scaled) connect timeout, Route 53's connect-timeout string | same, 10 s connect timeout |
/// | `refused` | immediate `Failure: Connection refused` | same |
/// | `slowFirstByte` | failure after the (scaled) first-byte timeout, `Failure: Response timed out` | success: a TCP check never waits for a byte (HC-01) |
/// | `wrongStatus` | immediate `Failure: HTTP Status Code 500, Internal Server Error` | `Failure: Connection refused` (TCP has no status; a rejected connection is its only "wrong answer") |
///
/// The strings are the probers' own (`ProberStatus`), so a synthesised failure reads exactly like a
/// real one. Synthesised results never carry `. Resolved IP:` because the FQDN is not resolved.
public enum ProbeFault: String, Sendable, Hashable, CaseIterable {
    case timeout
    case refused
    case slowFirstByte
    case wrongStatus

    /// What `wrongStatus` answers: a server error with its standard reason phrase (RFC 9110 §15.6.1).
    public static let internalServerError = ProberStatus.httpStatus(code: 500, reasonPhrase: "Internal Server Error")

    /// A probe result produced without I/O, delivered `delay` after the probe starts.
    public struct Synthesis: Sendable, Hashable {
        /// Time from the probe's start to its (synthesised) response.
        public var delay: Duration
        /// The response.
        public var result: ProbeResult
    }

    /// The result this fault produces for `target` (its kind and its already scaled deadlines).
    public func synthesize(for target: ProbeTarget) -> Synthesis {
        let isHTTP: Bool
        if case .http = target.kind { isHTTP = true } else { isHTTP = false }
        switch self {
        case .timeout:
            return Synthesis(delay: target.connectTimeout,
                             result: ProbeResult(success: false, status: ProberStatus.connectionTimedOut))
        case .refused:
            return Synthesis(delay: .zero, result: ProbeResult(success: false, status: ProberStatus.connectionRefused))
        case .slowFirstByte where isHTTP:
            return Synthesis(delay: target.firstByteTimeout,
                             result: ProbeResult(success: false, status: ProberStatus.responseTimedOut, connectTime: .zero))
        case .slowFirstByte:
            return Synthesis(delay: .zero,
                             result: ProbeResult(success: true, status: ProberStatus.tcpConnectionEstablished, connectTime: .zero))
        case .wrongStatus where isHTTP:
            return Synthesis(delay: .zero, result: ProbeResult(success: false, status: Self.internalServerError,
                                                               connectTime: .zero, timeToFirstByte: .zero))
        case .wrongStatus:
            return Synthesis(delay: .zero, result: ProbeResult(success: false, status: ProberStatus.connectionRefused))
        }
    }
}
