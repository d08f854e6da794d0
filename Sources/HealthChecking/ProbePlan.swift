import Route53Model

/// How one probe of an endpoint check reaches its target, derived from the `HealthCheckConfig`
/// by `ProbePlan.make(for:timeScale:)` (HC-01, HC-03).
public enum ProbePlan: Sendable, Hashable {
    /// `IPAddress` configured: connect to it (the FQDN, if any, only names Host and SNI).
    case connect(ProbeTarget)
    /// Only `FullyQualifiedDomainName`: resolve it before **every** probe (HC-03) and connect to the
    /// chosen address; `template` has everything else (its `address` is empty).
    case resolve(fqdn: String, template: ProbeTarget)
    /// The config cannot be probed (no address, no port); every probe fails with `reason`.
    case unprobeable(reason: String)

    /// Route 53's deadlines (HC-01), before scaling: connect ≤ 4 s for HTTP types and ≤ 10 s for
    /// TCP, first byte ≤ 2 s after connect, body ≤ 2 s after the status line.
    public static let httpConnectTimeout = 4.0
    /// TCP checks: connect ≤ 10 s.
    public static let tcpConnectTimeout = 10.0
    /// First response byte ≤ 2 s after connect.
    public static let firstByteTimeout = 2.0
    /// String-match body ≤ 2 s after the status line.
    public static let bodyTimeout = 2.0
    /// Scaled deadlines never drop below this, so an extreme time scale still leaves a loopback
    /// target time to answer.
    public static let minimumTimeout = Duration.milliseconds(10)

    /// The plan for an endpoint check, or nil for CALCULATED / CLOUDWATCH_METRIC / RECOVERY_CONTROL.
    /// Deadlines are multiplied by `timeScale` (issue 3, item 2: thresholds stay, time shrinks).
    public static func make(for config: HealthCheckConfig, timeScale: Double) -> ProbePlan? {
        guard config.type.isEndpoint else { return nil }
        guard let port = config.port, (1...65_535).contains(port) else {
            return .unprobeable(reason: "Failure: No port configured for a \(config.type.rawValue) health check")
        }
        let fqdn = config.fullyQualifiedDomainName.flatMap { $0.isEmpty ? nil : $0 }
        let address = config.ipAddress.flatMap { $0.isEmpty ? nil : $0 }
        guard fqdn != nil || address != nil else {
            return .unprobeable(reason: "Failure: Neither IPAddress nor FullyQualifiedDomainName is configured")
        }
        let kind: ProbeTarget.Kind = config.type == .tcp
            ? .tcp
            : .http(tls: config.type.usesTLS, searchString: config.type.matchesString ? (config.searchString ?? "") : nil)
        let connect = config.type == .tcp ? tcpConnectTimeout : httpConnectTimeout
        let target = ProbeTarget(kind: kind, address: address ?? "", port: port, path: requestPath(config.resourcePath),
                                 hostHeader: hostHeader(config: config, port: port),
                                 serverName: serverName(config: config, fqdn: fqdn),
                                 connectTimeout: scaled(connect, timeScale), firstByteTimeout: scaled(firstByteTimeout, timeScale),
                                 bodyTimeout: scaled(bodyTimeout, timeScale))
        if address != nil { return .connect(target) }
        return .resolve(fqdn: fqdn ?? "", template: target)
    }

    /// HC-03 Host header: `<FQDN>` on the type's default port (80 for HTTP types, 443 for HTTPS
    /// types), else `<FQDN>:<Port>`; without an FQDN the IP address takes its place (IPv6 in
    /// brackets). The rule itself lives with the HTTP prober (`HTTPProber.hostHeader`); TCP checks
    /// send no Host header at all.
    public static func hostHeader(config: HealthCheckConfig, port: Int) -> String {
        HTTPProber.hostHeader(fullyQualifiedDomainName: config.fullyQualifiedDomainName, ipAddress: config.ipAddress,
                              port: port, tls: config.type.usesTLS)
    }

    /// SNI: the FQDN when `EnableSNI` is set on a TLS type (HC-03); never an IP literal (RFC 6066
    /// §3 forbids literal addresses in `server_name`), without a trailing dot.
    public static func serverName(config: HealthCheckConfig, fqdn: String?) -> String? {
        guard config.type.usesTLS, config.enableSNI, var name = fqdn else { return nil }
        if name.hasSuffix(".") { name.removeLast() }
        if name.isEmpty || isIPLiteral(name) { return nil }
        return name
    }

    /// `ResourcePath` or `/`; a missing leading `/` is added as the console does (HC-02).
    public static func requestPath(_ resourcePath: String?) -> String {
        guard let path = resourcePath, !path.isEmpty else { return "/" }
        return path.hasPrefix("/") ? path : "/" + path
    }

    /// The address a checker probes among those the resolver returned: the first IPv4 address, as
    /// Route 53 resolves A records only (HC-03); lab leniency: the first IPv6 address when there is
    /// no IPv4 one, so `::1`-only lab targets can be checked by name. Nil → `DNS resolution failed`.
    public static func chooseAddress(_ addresses: [String]) -> String? {
        addresses.first { !$0.contains(":") && !$0.isEmpty } ?? addresses.first { !$0.isEmpty }
    }

    /// `template` pointed at `address`, remembering the FQDN for `Resolved IP:` (HC-13).
    public static func resolved(_ template: ProbeTarget, fqdn: String, address: String) -> ProbeTarget {
        var target = template
        target.address = address
        target.resolvedFrom = fqdn
        return target
    }

    static func scaled(_ seconds: Double, _ timeScale: Double) -> Duration {
        max(minimumTimeout, MonitorTime.duration(seconds: seconds * timeScale))
    }

    static func isIPLiteral(_ text: String) -> Bool {
        if text.contains(":") { return true }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}

extension ProbePlan {
    /// The target shape (kind, port, path, deadlines) regardless of how the address is found.
    public var template: ProbeTarget? {
        switch self {
        case .connect(let target): target
        case .resolve(_, let template): template
        case .unprobeable: nil
        }
    }
}
