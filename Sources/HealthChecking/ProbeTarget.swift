import Route53Model

/// Everything one probe needs, resolved from a `HealthCheckConfig` by the monitor (HC-01, HC-03):
/// the address to connect to (FQDN already resolved), the Host header, SNI and the deadlines.
public struct ProbeTarget: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case tcp
        /// `tls`: HTTPS (certificate not validated, HC-01). `searchString`: STR_MATCH types.
        case http(tls: Bool, searchString: String?)
    }

    public var kind: Kind
    /// IPv4 or IPv6 literal.
    public var address: String
    public var port: Int
    /// Request path with query, starting with `/` (HC-02 default `/`).
    public var path: String
    /// `Host` header value per HC-03 (`fqdn`, `fqdn:port`, or the IP in their place).
    public var hostHeader: String
    /// Server name for TLS SNI (EnableSNI and an FQDN); nil sends none.
    public var serverName: String?
    /// The FQDN the address was resolved from, for `Resolved IP:` in status strings (HC-13).
    public var resolvedFrom: String?
    /// Deadlines (HC-01): connect ≤ 4 s (TCP checks ≤ 10 s), first byte ≤ 2 s after connect,
    /// body (string match) ≤ 2 s after the status line. Scaled by the lab time scale.
    public var connectTimeout: Duration
    public var firstByteTimeout: Duration
    public var bodyTimeout: Duration

    public init(kind: Kind, address: String, port: Int, path: String = "/", hostHeader: String, serverName: String? = nil,
                resolvedFrom: String? = nil, connectTimeout: Duration = .seconds(4), firstByteTimeout: Duration = .seconds(2),
                bodyTimeout: Duration = .seconds(2)) {
        self.kind = kind
        self.address = address
        self.port = port
        self.path = path
        self.hostHeader = hostHeader
        self.serverName = serverName
        self.resolvedFrom = resolvedFrom
        self.connectTimeout = connectTimeout
        self.firstByteTimeout = firstByteTimeout
        self.bodyTimeout = bodyTimeout
    }
}

/// The outcome of one probe by one checker.
public struct ProbeResult: Sendable, Hashable {
    public var success: Bool
    /// Route 53's status string (HC-13), e.g. `Success: HTTP Status Code 200, OK` or
    /// `Failure: Connection refused`; `. Resolved IP: <addr>` appended for FQDN targets.
    public var status: String
    /// Time to establish TCP, to finish TLS, and to the first response byte (HC-14 metrics).
    public var connectTime: Duration?
    public var tlsHandshakeTime: Duration?
    public var timeToFirstByte: Duration?

    public init(success: Bool, status: String, connectTime: Duration? = nil, tlsHandshakeTime: Duration? = nil,
                timeToFirstByte: Duration? = nil) {
        self.success = success
        self.status = status
        self.connectTime = connectTime
        self.tlsHandshakeTime = tlsHandshakeTime
        self.timeToFirstByte = timeToFirstByte
    }
}

/// Something that can probe a target. Implementations never throw and never take longer than the
/// target's deadlines allow: a black-holed, slow-loris or TLS-garbage target yields a failure
/// result on time, so it cannot delay any other check.
public protocol Prober: Sendable {
    func probe(_ target: ProbeTarget) async -> ProbeResult
}
