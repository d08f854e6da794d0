import DNSClient
import DNSWire
import Foundation
import Route53Model
import Testing
import TestSupport

/// `GET /metrics` on the real daemon (issue 5 item 3): exact per-row deltas of the query counters
/// after known queries, the health-check and failover gauges following a drill, probe timing
/// histograms filling from real probes, and promtool's verdict on all of it.
@Suite("Prometheus /metrics on the control listener", .serialized)
struct MetricsTests {
    static let zoneYAML = """
        Server:
          Seed: 5
        HostedZones:
          - Name: met.lab53.test.
            Id: ZMETRICS
            ResourceRecordSets:
              - {Name: www.met.lab53.test., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
              - {Name: big.met.lab53.test., Type: TXT, TTL: 60, ResourceRecords: [\((1...30).map { "{Value: '\"txt value \($0) padding padding padding\"'}" }.joined(separator: ", "))]}
        """

    static func series(_ qtype: String, _ rcode: String, _ transport: String, zone: Bool = true) -> String {
        let labels = zone ? #"zone_id="ZMETRICS",zone="met.lab53.test.""# : #"zone_id="-",zone="-""#
        return #"lab53_dns_queries_total{"# + labels + #",qtype="\#(qtype)",rcode="\#(rcode)",transport="\#(transport)"}"#
    }

    /// promtool must accept the exposition; a missing promtool is recorded as a failure (it is
    /// installed by scripts/install-deps.sh), not silently skipped.
    static func expectPromtoolAccepts(_ scrape: MetricsScrape, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let verdict = try Promtool.check(scrape.text) else {
            Issue.record("promtool is not installed (Debian package prometheus); run scripts/install-deps.sh",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(verdict.status == 0, "promtool check metrics: \(verdict.stdout)\(verdict.stderr)\n\(scrape.text)",
                sourceLocation: sourceLocation)
    }

    @Test("query counters move by exactly the queries sent, per zone, QTYPE, RCODE and transport")
    func queryCounterDeltas() async throws {
        let daemon = try DaemonFixture.start(configYAML: Self.zoneYAML)
        defer { daemon.stop() }
        let api = try LabAPIClient(daemon)
        let client = try DaemonFixture.client(daemon)
        let before = try await MetricsScrape.fetch(api)
        #expect(before.contentType.hasPrefix("text/plain; version=0.0.4"))

        let www = try DomainName("www.met.lab53.test.")
        for _ in 0..<3 { #expect(try client.query(name: www, type: .a).extendedRCode == .noError) }
        for _ in 0..<2 { #expect(try client.query(name: www, type: .a, over: .tcp).extendedRCode == .noError) }
        #expect(try client.query(name: DomainName("nope.met.lab53.test."), type: .a).extendedRCode == .nxDomain)
        #expect(try client.query(name: www, type: .mx).extendedRCode == .noError)  // NODATA
        let big = try client.query(name: DomainName("big.met.lab53.test."), type: .txt)
        #expect(big.truncated)
        #expect(try client.query(name: DomainName("www.example.org."), type: .a).extendedRCode == .refused)
        // QDCOUNT 2: FORMERR; three bytes: dropped unanswered.
        let formErr = try #require(try client.sendRaw([0x12, 0x34, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]))
        #expect(formErr.count == 12 && formErr[3] & 0x0F == 1)
        #expect(try client.sendRaw([1, 2, 3], timeout: .milliseconds(300)) == nil)

        let after = try await MetricsScrape.fetch(api)
        #expect(after.delta("lab53_dns_queries_total", since: before) == [
            Self.series("A", "NOERROR", "udp"): 3,
            Self.series("A", "NOERROR", "tcp"): 2,
            Self.series("A", "NXDOMAIN", "udp"): 1,
            Self.series("MX", "NOERROR", "udp"): 1,
            Self.series("TXT", "NOERROR", "udp"): 1,
            Self.series("A", "REFUSED", "udp", zone: false): 1,
            Self.series("NONE", "FORMERR", "udp", zone: false): 1,
        ])
        #expect(after.delta("lab53_dns_truncated_responses_total", since: before) == [
            #"lab53_dns_truncated_responses_total{zone_id="ZMETRICS",zone="met.lab53.test.",transport="udp"}"#: 1,
        ])
        #expect(after.delta("lab53_dns_malformed_queries_total", since: before) == [
            #"lab53_dns_malformed_queries_total{transport="udp"}"#: 1,
        ])
        #expect(after.delta("lab53_dns_dropped_packets_total", since: before) == ["lab53_dns_dropped_packets_total": 1])
        #expect(after.delta("lab53_dns_tcp_connections_total", since: before) == ["lab53_dns_tcp_connections_total": 2])
        #expect(after["lab53_query_log_lines_total"] == 0 && after["lab53_query_log_dropped_total"] == 0)
        #expect(after["lab53_hosted_zones_served"] == 1)
        #expect((after["lab53_snapshot_generation"] ?? 0) >= 1)
        #expect((after["lab53_publish_duration_seconds_count"] ?? 0) >= 1)
        #expect((after["process_resident_memory_bytes"] ?? 0) > 0 && (after["process_open_fds"] ?? 0) > 0)
        try Self.expectPromtoolAccepts(after)
    }

    static func failoverYAML(primary: Int, secondary: Int) -> String {
        """
        Lab: {Checkers: 3}
        HealthChecks:
          - {Id: primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(primary), ResourcePath: /health, RequestInterval: 0.2, FailureThreshold: 2}}
          - {Id: secondary, HealthCheckConfig: {Type: HTTPS, IPAddress: 127.0.0.2, Port: \(secondary), RequestInterval: 0.2, FailureThreshold: 2}}
        HostedZones:
          - Name: fo.lab53.test.
            Id: ZFAILOVER
            ResourceRecordSets:
              - {Name: app.fo.lab53.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 127.0.0.1}]}
              - {Name: app.fo.lab53.test., Type: A, SetIdentifier: s, Failover: SECONDARY, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{Value: 127.0.0.2}]}
        """
    }

    static func served(_ id: String, _ role: String) -> String {
        #"lab53_failover_record_set_served{zone_id="ZFAILOVER",name="app.fo.lab53.test.",type="A",set_identifier="\#(id)",failover="\#(role)"}"#
    }

    static func check(_ metric: String, _ id: String) -> String { "\(metric){health_check_id=\"\(id)\"}" }

    @Test("health-check gauges, probe timing histograms and the served failover member follow probes and drills (HC-14, RP-05)")
    func healthAndFailover() async throws {
        let primary = try await FakeHTTPTarget.started()
        let secondary = try await FakeTLSTarget.started(host: "127.0.0.2")
        let daemon = try DaemonFixture.start(configYAML: Self.failoverYAML(primary: primary.port, secondary: secondary.port))
        defer { daemon.stop() }
        let api = try LabAPIClient(daemon)

        // Real probes every 0.2 s fill the histograms; bounded wait, no time asserted.
        var scrape = try await MetricsScrape.fetch(api)
        for _ in 0..<600 {
            let connects = ["primary", "secondary"].map { scrape[Self.check("lab53_health_check_connection_time_seconds_count", $0)] ?? 0 }
            let handshakes = scrape[Self.check("lab53_health_check_ssl_handshake_time_seconds_count", "secondary")] ?? 0
            let firstBytes = scrape[Self.check("lab53_health_check_time_to_first_byte_seconds_count", "primary")] ?? 0
            if connects.allSatisfy({ $0 >= 3 }) && handshakes >= 3 && firstBytes >= 3 { break }
            try await Task.sleep(for: .milliseconds(50))
            scrape = try await MetricsScrape.fetch(api)
        }
        for (metric, id) in [("connection_time", "primary"), ("connection_time", "secondary"), ("ssl_handshake_time", "secondary"),
                             ("time_to_first_byte", "primary"), ("time_to_first_byte", "secondary")] {
            let name = "lab53_health_check_\(metric)_seconds"
            let count = scrape[Self.check(name + "_count", id)] ?? 0
            #expect(count >= 3, "\(name) \(id)")
            #expect(scrape["\(name)_bucket{health_check_id=\"\(id)\",le=\"+Inf\"}"] == count)
        }
        // HTTP probes never do TLS.
        #expect(scrape[Self.check("lab53_health_check_ssl_handshake_time_seconds_count", "primary")] == nil)
        for id in ["primary", "secondary"] {
            #expect(scrape[Self.check("lab53_health_check_status", id)] == 1)
            #expect(scrape[Self.check("lab53_health_check_real_status", id)] == 1)
            #expect(scrape[Self.check("lab53_health_check_percentage_healthy", id)] == 100)
            #expect(scrape[Self.check("lab53_health_check_consecutive_failures", id)] == 0)
        }
        #expect(scrape[Self.served("p", "PRIMARY")] == 1 && scrape[Self.served("s", "SECONDARY")] == 0)
        let healthGeneration = try #require(scrape["lab53_health_generation"])

        // A drill: the effective status drops, the real one stays, the SECONDARY is served.
        let (_, status) = try await api.send("POST", "/_lab/health-checks/primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(status == 200)
        let drilled = try await MetricsScrape.fetch(api)
        #expect(drilled[Self.check("lab53_health_check_status", "primary")] == 0)
        #expect(drilled[Self.check("lab53_health_check_real_status", "primary")] == 1)
        #expect(drilled[Self.served("p", "PRIMARY")] == 0 && drilled[Self.served("s", "SECONDARY")] == 1)
        #expect((drilled["lab53_health_generation"] ?? 0) > healthGeneration)
        try Self.expectPromtoolAccepts(drilled)
        await primary.stop()
        await secondary.stop()
    }
}
