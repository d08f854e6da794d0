/// Connect / TLS handshake / time-to-first-byte of a probe (HC-14 `ConnectionTime`,
/// `SSLHandshakeTime`, `TimeToFirstByte`).
public struct ProbeTiming: Sendable, Hashable {
    /// Connect start → TCP established.
    public var connect: Duration?
    /// TCP established → TLS handshake finished (HTTPS types).
    public var tlsHandshake: Duration?
    /// Request → first response byte (HTTP types).
    public var timeToFirstByte: Duration?

    public init(connect: Duration? = nil, tlsHandshake: Duration? = nil, timeToFirstByte: Duration? = nil) {
        self.connect = connect
        self.tlsHandshake = tlsHandshake
        self.timeToFirstByte = timeToFirstByte
    }

    init?(_ result: ProbeResult) {
        guard result.connectTime != nil || result.tlsHandshakeTime != nil || result.timeToFirstByte != nil else { return nil }
        self.init(connect: result.connectTime, tlsHandshake: result.tlsHandshakeTime, timeToFirstByte: result.timeToFirstByte)
    }
}

/// One virtual checker's view, shaped like Route 53's `HealthCheckObservation` (HC-13) plus the
/// lab's state-machine details.
public struct CheckerObservation: Sendable, Hashable {
    /// Position of the checker within its check (0-based).
    public var index: Int
    /// Checker region (HC-04, HC-13 `Region`).
    public var region: String
    /// Fake checker address (`CheckerIdentity`).
    public var ipAddress: String
    /// HC-13 status string of the reported probe; nil before the checker's first probe.
    public var lastStatus: String?
    /// When the reported probe's response arrived.
    public var checkedAt: ContinuousClock.Instant?
    /// `checkedAt` as seconds since 1970 UTC (HC-13 `CheckedTime`).
    public var checkedAtWall: Double?
    /// Current run of successes / failures of this checker (HC-06).
    public var consecutiveSuccesses: Int
    public var consecutiveFailures: Int
    /// The checker's own opinion (HC-06).
    public var healthy: Bool
    /// Timings of the checker's latest probe, when the prober reported any.
    public var timing: ProbeTiming?

    public init(index: Int, region: String, ipAddress: String, lastStatus: String?, checkedAt: ContinuousClock.Instant?,
                checkedAtWall: Double?, consecutiveSuccesses: Int, consecutiveFailures: Int, healthy: Bool,
                timing: ProbeTiming? = nil) {
        self.index = index
        self.region = region
        self.ipAddress = ipAddress
        self.lastStatus = lastStatus
        self.checkedAt = checkedAt
        self.checkedAtWall = checkedAtWall
        self.consecutiveSuccesses = consecutiveSuccesses
        self.consecutiveFailures = consecutiveFailures
        self.healthy = healthy
        self.timing = timing
    }
}
