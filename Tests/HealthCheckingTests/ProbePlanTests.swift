import HealthChecking
import Route53Model
import Testing

/// HC-01 deadlines and HC-03 Host header / SNI / resolution rules, from the config to the target.
struct ProbePlanTests {
    struct HostRow: Sendable, CustomTestStringConvertible {
        let type: HealthCheckType
        let ip: String?
        let fqdn: String?
        let port: Int?
        let host: String
        var testDescription: String { "\(type.rawValue) \(ip ?? "-") \(fqdn ?? "-") \(port.map(String.init) ?? "default")" }
    }

    static let hostRows: [HostRow] = [
        HostRow(type: .http, ip: nil, fqdn: "www.example.com", port: nil, host: "www.example.com"),
        HostRow(type: .httpStrMatch, ip: nil, fqdn: "www.example.com", port: 80, host: "www.example.com"),
        HostRow(type: .http, ip: nil, fqdn: "www.example.com", port: 8080, host: "www.example.com:8080"),
        HostRow(type: .http, ip: nil, fqdn: "www.example.com", port: 443, host: "www.example.com:443"),
        HostRow(type: .https, ip: nil, fqdn: "www.example.com", port: nil, host: "www.example.com"),
        HostRow(type: .httpsStrMatch, ip: nil, fqdn: "www.example.com", port: 80, host: "www.example.com:80"),
        HostRow(type: .http, ip: "192.0.2.1", fqdn: nil, port: nil, host: "192.0.2.1"),
        HostRow(type: .http, ip: "192.0.2.1", fqdn: nil, port: 8081, host: "192.0.2.1:8081"),
        HostRow(type: .https, ip: "2001:db8::1", fqdn: nil, port: nil, host: "[2001:db8::1]"),
        HostRow(type: .https, ip: "2001:db8::1", fqdn: nil, port: 8443, host: "[2001:db8::1]:8443"),
        HostRow(type: .http, ip: "192.0.2.1", fqdn: "app.example.com", port: 8080, host: "app.example.com:8080"),
    ]

    @Test("Host header (HC-03)", arguments: hostRows)
    func hostHeader(_ row: HostRow) {
        let config = HealthCheckConfig(type: row.type, ipAddress: row.ip, port: row.port, fullyQualifiedDomainName: row.fqdn)
        #expect(ProbePlan.make(for: config, timeScale: 1)?.template?.hostHeader == row.host)
    }

    @Test("IP-addressed checks connect directly; FQDN-only checks resolve before every probe")
    func addressing() {
        let byIP = HealthCheckConfig(type: .http, ipAddress: "192.0.2.1", fullyQualifiedDomainName: "a.example")
        guard case .connect(let target) = ProbePlan.make(for: byIP, timeScale: 1) else {
            Issue.record("expected .connect")
            return
        }
        #expect(target.address == "192.0.2.1" && target.resolvedFrom == nil)
        let byName = HealthCheckConfig(type: .http, fullyQualifiedDomainName: "a.example")
        guard case .resolve(let fqdn, let template) = ProbePlan.make(for: byName, timeScale: 1) else {
            Issue.record("expected .resolve")
            return
        }
        #expect(fqdn == "a.example")
        let resolved = ProbePlan.resolved(template, fqdn: fqdn, address: "192.0.2.7")
        #expect(resolved.address == "192.0.2.7" && resolved.resolvedFrom == "a.example" && resolved.hostHeader == "a.example")
    }

    @Test("address choice: first IPv4, else first IPv6, else none", arguments: [
        (["2001:db8::1", "192.0.2.2", "192.0.2.3"], "192.0.2.2"),
        (["::1"], "::1"),
        ([String](), nil),
        ([""], nil),
    ])
    func chooseAddress(addresses: [String], expected: String?) {
        #expect(ProbePlan.chooseAddress(addresses) == expected)
    }

    @Test("SNI only for TLS types with EnableSNI and a name", arguments: [
        (HealthCheckType.https, "secure.example.", true as Bool?, "secure.example" as String?),
        (.httpsStrMatch, "secure.example", nil, "secure.example"),
        (.https, "secure.example", false, nil),
        (.http, "plain.example", true, nil),
        (.https, "192.0.2.1", true, nil),
    ])
    func sni(type: HealthCheckType, fqdn: String, enable: Bool?, expected: String?) {
        let config = HealthCheckConfig(type: type, ipAddress: "192.0.2.1", fullyQualifiedDomainName: fqdn, enableSNI: enable)
        #expect(ProbePlan.make(for: config, timeScale: 1)?.template?.serverName == expected)
    }

    @Test("deadlines: 4 s / 10 s connect, 2 s first byte and body, scaled by the time scale")
    func deadlines() {
        let http = ProbePlan.make(for: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1"), timeScale: 1)?.template
        #expect(http?.connectTimeout == .seconds(4) && http?.firstByteTimeout == .seconds(2) && http?.bodyTimeout == .seconds(2))
        let tcp = ProbePlan.make(for: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.1", port: 22), timeScale: 0.1)?.template
        #expect(tcp?.connectTimeout == .seconds(1) && tcp?.firstByteTimeout == .milliseconds(200))
        #expect(tcp?.kind == .tcp)
        let tiny = ProbePlan.make(for: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1"), timeScale: 0.000_001)?.template
        #expect(tiny?.firstByteTimeout == ProbePlan.minimumTimeout)
    }

    @Test("path and kind")
    func pathAndKind() {
        let config = HealthCheckConfig(type: .httpsStrMatch, ipAddress: "192.0.2.1", resourcePath: "health?full=1",
                                       searchString: "ok")
        let target = ProbePlan.make(for: config, timeScale: 1)?.template
        #expect(target?.path == "/health?full=1")
        #expect(target?.kind == .http(tls: true, searchString: "ok"))
        #expect(target?.port == 443)
        #expect(ProbePlan.make(for: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1"), timeScale: 1)?.template?.path == "/")
    }

    @Test("non-endpoint types have no plan; incomplete endpoints are unprobeable")
    func unprobeable() {
        #expect(ProbePlan.make(for: HealthCheckConfig(type: .calculated), timeScale: 1) == nil)
        #expect(ProbePlan.make(for: HealthCheckConfig(type: .cloudwatchMetric), timeScale: 1) == nil)
        guard case .unprobeable(let reason) = ProbePlan.make(for: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.1"), timeScale: 1),
              case .unprobeable = ProbePlan.make(for: HealthCheckConfig(type: .http), timeScale: 1) else {
            Issue.record("expected .unprobeable")
            return
        }
        #expect(reason.hasPrefix("Failure:"))
    }
}
