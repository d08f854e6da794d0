/// The status strings probes report, in Route 53's format (HC-13). The documented ones are
/// reproduced verbatim; the `[L]` ones are the lab's own wording, fixed here so tests, the lab
/// API and the CLI all show the same text. Every string starts with `Success:` or `Failure:`.
public enum ProberStatus {
    /// TCP check success (HC-13 [L]).
    public static let tcpConnectionEstablished = "Success: TCP connection established"
    /// The endpoint answered the SYN with a reset (HC-13 [L]).
    public static let connectionRefused = "Failure: Connection refused"
    /// No TCP connection within the connect timeout (HC-13 [O], verbatim).
    public static let connectionTimedOut = "Failure: Connection timed out. The endpoint or the internet connection is down, "
        + "or requests are being blocked by your firewall. See "
        + "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html"
    /// Connected, but not one response byte arrived within the first-byte timeout (HC-01: the
    /// status must arrive ≤ 2 s after connect) [L].
    public static let responseTimedOut = "Failure: Response timed out"
    /// The response started but its header section was not complete within the first-byte timeout [L].
    public static let responseHeadersTimedOut = "Failure: Response headers timed out"
    /// The search string was neither found nor ruled out within the body timeout (HC-13 [L]).
    public static let responseBodyTimedOut = "Failure: Response body timed out"
    /// The TLS handshake was not complete within the first-byte timeout [L].
    public static let tlsHandshakeTimedOut = "Failure: TLS handshake timed out"
    /// The endpoint closed the connection before sending any byte [L].
    public static let connectionClosedBeforeResponse = "Failure: Connection closed by the endpoint before a response was received"
    /// The endpoint closed the connection in the middle of the header section [L].
    public static let connectionClosedDuringHeaders = "Failure: Connection closed by the endpoint before the response headers were complete"
    /// The endpoint reset the connection [L].
    public static let connectionReset = "Failure: Connection reset by the endpoint"
    /// The response header section exceeded 16,384 bytes (HC-01) [L].
    public static let responseHeadersTooLarge = "Failure: Response headers exceed the 16384-byte limit"
    /// An FQDN check whose name had no A record (HC-03 [D]); for the monitor, which resolves names.
    public static let dnsResolutionFailed = "Failure: DNS resolution failed"
    /// The probe's task was cancelled (the check was deleted, paused or the daemon is stopping).
    public static let cancelled = "Failure: Probe cancelled"
    /// The overall watchdog fired: a safety net that should never be reached, since every stage
    /// has its own deadline.
    public static let deadlineExceeded = "Failure: Probe deadline exceeded"

    /// `Success: HTTP Status Code 200, OK` for 200–399, `Failure: HTTP Status Code 503, Service
    /// Temporarily Unavailable` otherwise (HC-01, HC-13): the code and the server's own reason
    /// phrase. An empty reason phrase leaves just the code.
    public static func httpStatus(code: Int, reasonPhrase: String) -> String {
        let prefix = isSuccessfulStatus(code) ? "Success" : "Failure"
        let reason = reasonPhrase.isEmpty ? "" : ", \(reasonPhrase)"
        return "\(prefix): HTTP Status Code \(code)\(reason)"
    }

    /// HC-01: any status from 200 to 399 is healthy; redirects are not followed.
    public static func isSuccessfulStatus(_ code: Int) -> Bool {
        (200...399).contains(code)
    }

    /// The string was not within the first 5120 bytes of the body (HC-13 [L]).
    public static func searchStringNotFound(_ searchString: String) -> String {
        "Failure: Search string \"\(searchString)\" not found in the first \(BodySearch.limit) bytes of the response body"
    }

    /// A response that is not HTTP/1.x or breaks RFC 7230 (HC-01) [L].
    public static func invalidResponse(_ detail: String) -> String {
        "Failure: Invalid HTTP response: \(detail)"
    }

    /// A gzip/deflate/other coded body: Route 53 decompresses gzip and deflate before matching
    /// (HC-01); the lab checker does not, and says so [L].
    public static func unsupportedEncoding(_ coding: String) -> String {
        "Failure: Response body encoding \"\(coding)\" is not supported by the lab checker; "
            + "serve the body uncompressed for string matching"
    }

    /// A failed TLS handshake, with the alert or BoringSSL reason, e.g.
    /// `Failure: TLS handshake failed: SSL alert handshake_failure` (HC-03, HC-13).
    public static func tlsHandshakeFailed(_ reason: String) -> String {
        "Failure: TLS handshake failed: \(reason)"
    }

    /// `address` is not an IPv4 or IPv6 literal.
    public static func invalidAddress(_ address: String) -> String {
        "Failure: Invalid IP address \"\(address)\""
    }

    /// Any other connection error, with the system's description.
    public static func connectionFailed(_ description: String) -> String {
        "Failure: Connection failed: \(description)"
    }

    /// Appends `. Resolved IP: <address>` when the target was addressed by FQDN (HC-13).
    public static func withResolvedIP(_ status: String, for target: ProbeTarget) -> String {
        guard target.resolvedFrom != nil else { return status }
        return "\(status). Resolved IP: \(target.address)"
    }
}
