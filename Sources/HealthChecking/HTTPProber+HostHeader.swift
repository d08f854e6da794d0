extension HTTPProber {
    /// The `Host` header Route 53 sends (HC-03): the FQDN, or the IP address when there is no FQDN;
    /// `:<port>` appended unless the port is the scheme's default (80 for HTTP and HTTP_STR_MATCH,
    /// 443 for HTTPS and HTTPS_STR_MATCH). An IPv6 address is bracketed (RFC 7230 §5.4, RFC 3986
    /// §3.2.2). For the monitor, which builds `ProbeTarget.hostHeader` from a `HealthCheckConfig`.
    public static func hostHeader(fullyQualifiedDomainName: String?, ipAddress: String?, port: Int, tls: Bool) -> String {
        let host: String
        if let name = fullyQualifiedDomainName, !name.isEmpty {
            host = name
        } else {
            let address = bareAddress(ipAddress ?? "")
            host = address.contains(":") ? "[\(address)]" : address
        }
        let defaultPort = tls ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }
}
