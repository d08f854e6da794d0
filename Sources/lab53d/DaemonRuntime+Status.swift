import DNSServer

/// The one-line `STATUS=` text `systemctl status lab53d` shows (issue 5 item 1).
extension DaemonRuntime {
    /// "serving 2 hosted zones, 4 health checks; DNS on 127.0.0.1:53, [::1]:53; API on 127.0.0.1:8053"
    static func statusLine(zones: Int, healthChecks: Int, dns: [BoundListener], api: ListenAddress?) -> String {
        // UDP and TCP share each endpoint (DNSServer.start), so list every endpoint once.
        var endpoints: [String] = []
        for listener in dns where !endpoints.contains(listener.endpoint.description) {
            endpoints.append(listener.endpoint.description)
        }
        var line = "serving \(count(zones, "hosted zone")), \(count(healthChecks, "health check"))"
        line += "; DNS on " + (endpoints.isEmpty ? "nothing" : endpoints.joined(separator: ", "))
        if let api { line += "; API on \(api)" }
        return line
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
