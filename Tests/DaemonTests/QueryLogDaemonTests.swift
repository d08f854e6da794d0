import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport

/// The query log of the real daemon (DNS-13, issue 5 item 4): Route 53's line format field by
/// field over UDP and TCP, IPv4 and IPv6, ECS; standard output; and a destination that stops
/// draining — queries keep being answered, records are dropped and every one is accounted for.
@Suite("Query log (DNS-13) from the running daemon", .serialized)
struct QueryLogDaemonTests {
    static let www = try! DomainName("www.met.lab53.test.")

    /// The lines of `text` once it holds at least `count` complete lines (bounded wait on `read`).
    static func waitForLines(_ count: Int, _ read: () throws -> String) async throws -> [String] {
        var lines: [String] = []
        for _ in 0..<400 {
            lines = try read().split(separator: "\n").map(String.init)
            if lines.count >= count { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        return lines
    }

    /// Milliseconds since 1970 of a DNS-13 timestamp (`2017-12-13T08:15:50.342Z`).
    static func milliseconds(_ timestamp: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard timestamp.count == 24, timestamp.hasSuffix("Z"), let date = formatter.date(from: timestamp) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    @Test("one line per query, fields in Route 53's order, for UDP and TCP, IPv4 and IPv6, NXDOMAIN, REFUSED and ECS")
    func lineFormat() async throws {
        let directory = try TemporaryDirectory()
        let log = directory.url.appendingPathComponent("query.log").path
        let daemon = try DaemonFixture.start(configYAML: MetricsTests.zoneYAML, extra: ["--dns-listen", "[::1]:0", "--query-log", log])
        defer { daemon.stop() }
        let v4 = try DaemonFixture.client(daemon)
        let v6 = try DaemonFixture.client(daemon, ipv6: true)
        let start = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        _ = try v4.query(name: Self.www, type: .a)
        _ = try v4.query(name: Self.www, type: .aaaa, over: .tcp)
        _ = try v4.query(name: DomainName("Nope.Met.lab53.test."), type: .a)
        _ = try v4.query(name: DomainName("www.example.org."), type: .txt)
        let subnet = ClientSubnet(family: 1, sourcePrefixLength: 24, address: [198, 51, 100, 0])
        _ = try v4.query(name: Self.www, type: .a, edns: EDNS(udpPayloadSize: 1232, clientSubnet: subnet))
        _ = try v6.query(name: Self.www, type: .mx, over: .tcp)
        let end = Int64((Date().timeIntervalSince1970 * 1000).rounded(.up))

        let lines = try await Self.waitForLines(6) { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        #expect(lines.count == 6, "\(lines)")
        var previous = start
        var masked: [String] = []
        for line in lines {
            var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 10, "\(line)")
            guard fields.count == 10 else { continue }
            // Response time: UTC with milliseconds, in query order, between the test's own readings.
            let time = try #require(Self.milliseconds(fields[1]), "timestamp \(fields[1])")
            #expect(time >= previous && time <= end, "\(fields[1])")
            previous = time
            fields[1] = "T"
            masked.append(fields.joined(separator: " "))
        }
        #expect(masked == [
            "1.0 T ZMETRICS www.met.lab53.test A NOERROR UDP LAB1 127.0.0.1 -",
            "1.0 T ZMETRICS www.met.lab53.test AAAA NOERROR TCP LAB1 127.0.0.1 -",
            // The name as the resolver sent it (case kept).
            "1.0 T ZMETRICS Nope.Met.lab53.test A NXDOMAIN UDP LAB1 127.0.0.1 -",
            // Outside every hosted zone: REFUSED, zone ID `-` (lab rule; Route 53 logs only its zones).
            "1.0 T - www.example.org TXT REFUSED UDP LAB1 127.0.0.1 -",
            "1.0 T ZMETRICS www.met.lab53.test A NOERROR UDP LAB1 127.0.0.1 198.51.100.0/24",
            "1.0 T ZMETRICS www.met.lab53.test MX NOERROR TCP LAB1 ::1 -",
        ])
    }

    @Test("--query-log - writes the lines to standard output")
    func standardOutput() async throws {
        let daemon = try DaemonFixture.start(configYAML: MetricsTests.zoneYAML, extra: ["--query-log", "-"])
        defer { daemon.stop() }
        _ = try DaemonFixture.client(daemon).query(name: Self.www, type: .a)
        let lines = try await Self.waitForLines(1) { daemon.stdoutText.split(separator: "\n").filter { $0.hasPrefix("1.0 ") }.joined(separator: "\n") }
        #expect(lines.count == 1)
        #expect(lines.first.map { $0.hasSuffix(" ZMETRICS www.met.lab53.test A NOERROR UDP LAB1 127.0.0.1 -") } == true, "\(lines)")
    }

    @Test("a destination that stops draining: every query is answered, records are dropped and counted, none lost unaccounted")
    func slowWriterDrops() async throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.url.appendingPathComponent("query.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader end exists (so the daemon's open does not wait) but reads nothing yet; the
        // pipe is shrunk to one page (F_SETPIPE_SZ), so the writer blocks after a few dozen lines.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        _ = fcntl(reader, 1031 /* F_SETPIPE_SZ */, 4096)
        let yaml = MetricsTests.zoneYAML.replacingOccurrences(of: "Server:\n  Seed: 5",
                                                              with: "Server:\n  Seed: 5\n  QueryLog: {Path: '\(fifo)', BufferSize: 1}")
        let daemon = try DaemonFixture.start(configYAML: yaml)
        defer { daemon.stop() }
        let api = try LabAPIClient(daemon)
        let client = try DaemonFixture.client(daemon)

        let queries = 400
        var answered = 0
        for _ in 0..<queries where try client.query(name: Self.www, type: .a).extendedRCode == .noError {
            answered += 1
        }
        #expect(answered == queries, "every query is answered while the log is stuck")
        let stuck = try await MetricsScrape.fetch(api)
        let droppedWhileStuck = stuck["lab53_query_log_dropped_total"] ?? 0
        #expect(droppedWhileStuck > 0)

        // Drain the pipe: the writer catches up; lines written + records dropped = queries.
        var received: [UInt8] = []
        var scrape = stuck
        for _ in 0..<400 {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(reader, &chunk, chunk.count)
                guard count > 0 else { break }
                received += chunk[0..<count]
            }
            scrape = try await MetricsScrape.fetch(api)
            let lines = Int(scrape["lab53_query_log_lines_total"] ?? 0)
            let dropped = Int(scrape["lab53_query_log_dropped_total"] ?? 0)
            if lines + dropped == queries && received.count(where: { $0 == UInt8(ascii: "\n") }) == lines { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        let written = Int(scrape["lab53_query_log_lines_total"] ?? 0)
        let dropped = Int(scrape["lab53_query_log_dropped_total"] ?? 0)
        #expect(written + dropped == queries)
        #expect(lines.count == written)
        #expect(dropped >= Int(droppedWhileStuck))
        #expect(lines.allSatisfy { $0.hasPrefix("1.0 ") && $0.hasSuffix(" ZMETRICS www.met.lab53.test A NOERROR UDP LAB1 127.0.0.1 -") })
    }
}
