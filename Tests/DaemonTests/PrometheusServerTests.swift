import DNSClient
import DNSWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// A real Prometheus server (Debian package prometheus) scrapes the daemon's `/metrics` and
/// answers a PromQL query for the DNS counters (issue 5: "scraped by a real Prometheus server
/// started on loopback"). Everything stays on 127.0.0.1; waits are bounded, never asserted.
@Suite("A real Prometheus server scrapes lab53d")
struct PrometheusServerTests {
    /// A port nobody listens on right now: bind port 0, read it, close. Prometheus has no
    /// `--web.listen-address` port 0, so the test picks one.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FakeTargetError("socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                Glibc.bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
            }
        }
        guard bound else { throw FakeTargetError("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct QueryResponse: Decodable {
        struct Data: Decodable {
            struct Series: Decodable {
                let metric: [String: String]
                let value: [ValueField]
            }
            let result: [Series]
        }
        let status: String
        let data: Data
    }

    /// Prometheus encodes a sample as `[time, "value"]`.
    enum ValueField: Decodable {
        case time(Double)
        case text(String)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let time = try? container.decode(Double.self) { self = .time(time) } else { self = .text(try container.decode(String.self)) }
        }
        var text: String? { if case .text(let value) = self { value } else { nil } }
    }

    static func query(_ expression: String, port: Int) async throws -> QueryResponse? {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        var request = URLRequest(url: components.url!)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return try? JSONDecoder().decode(QueryResponse.self, from: data)
    }

    @Test("Prometheus scrapes /metrics and serves lab53_dns_queries_total with our labels")
    func scrapedByPrometheus() async throws {
        guard let prometheus = try? ExternalTool.path(of: "prometheus") else {
            Issue.record("prometheus is not installed (Debian package prometheus); run scripts/install-deps.sh")
            return
        }
        let daemon = try DaemonFixture.start(configYAML: MetricsTests.zoneYAML)
        defer { daemon.stop() }
        let api = try LabAPIClient(daemon)
        let client = try DaemonFixture.client(daemon)
        for _ in 0..<4 { _ = try client.query(name: DomainName("www.met.lab53.test."), type: .a) }

        let directory = try TemporaryDirectory()
        let config = try directory.write("prometheus.yml", """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: lab53
                metrics_path: /metrics
                static_configs:
                  - targets: ['\(api.address)']
            """)
        let port = try Self.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: prometheus)
        server.arguments = ["--config.file=\(config)", "--storage.tsdb.path=\(directory.url.appendingPathComponent("data").path)",
                            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: try directory.write("prometheus.log", "")))
        server.standardOutput = log
        server.standardError = log
        server.standardInput = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        // Up to a minute for start-up and the first scrapes (each second).
        var found: QueryResponse.Data.Series?
        var up: String?
        for _ in 0..<600 where server.isRunning {
            if up != "1" { up = try await Self.query("up{job=\"lab53\"}", port: port)?.data.result.first?.value.last?.text }
            found = try await Self.query(#"lab53_dns_queries_total{qtype="A",rcode="NOERROR",transport="udp"}"#, port: port)?
                .data.result.first
            if found != nil && up == "1" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logText = (try? String(contentsOf: directory.url.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""
        #expect(server.isRunning, "prometheus exited: \(logText)")
        #expect(up == "1", "the scrape target is not up: \(logText)")
        let series = try #require(found, "no lab53_dns_queries_total in Prometheus: \(logText)")
        #expect(series.metric["zone_id"] == "ZMETRICS")
        #expect(series.metric["zone"] == "met.lab53.test.")
        #expect(series.metric["job"] == "lab53")
        #expect(series.value.last?.text == "4")
    }
}
