import AnswerEngine
@testable import ControlPlane
import DNSServer
import DNSWire
import Foundation
import Testing

/// The query log (DNS-13, issue 5 item 4): the ring the listeners append to, and the line format
/// the writer produces from it.
@Suite("Query log: ring and line format")
struct QueryLogTests {
    private static func outcome(_ name: String, _ type: RRType, _ rcode: RCode, subnet: ClientSubnet? = nil) throws -> QueryOutcome {
        var outcome = QueryOutcome()
        outcome.kind = .query
        outcome.type = type
        outcome.rcode = rcode
        outcome.name = try DomainName(name)
        outcome.clientSubnet = subnet
        return outcome
    }

    /// The lines of everything queued in `ring`, with the timestamp field (2) replaced by `T`.
    private static func lines(_ ring: QueryLogRing) -> [String] {
        var result: [String] = []
        while ring.consume({ record in
            var bytes: [UInt8] = []
            QueryLogLine.format(record, into: &bytes)
            var fields = String(decoding: bytes, as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false)
            fields[1] = "T"
            result.append(fields.joined(separator: " "))
        }) {}
        return result
    }

    @Test("fields in DNS-13 order: version, time, zone, name, type, rcode, protocol, edge, resolver, ECS")
    func fieldOrder() throws {
        let ring = QueryLogRing(capacity: 8)
        let subnet = ClientSubnet(family: 1, sourcePrefixLength: 24, address: [192, 168, 111, 0])
        ring.append(try Self.outcome("bad.example.com.", .a, .nxDomain, subnet: subnet), transport: .udp,
                    client: ClientAddress(ipv4: 0xC0A8_0301), zoneID: "Z123412341234")
        ring.append(try Self.outcome("WWW.Example.com.", .aaaa, .noError), transport: .tcp,
                    client: ClientAddress(ipv6High: 0x2001_0DB8_0000_0000, low: 0x1234), zoneID: "Z123412341234")
        ring.append(try Self.outcome("www.example.org.", .txt, .refused), transport: .udp, client: nil, zoneID: nil)
        let ipv6Subnet = ClientSubnet(family: 2, sourcePrefixLength: 56, address: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x12] + Array(repeating: 0, count: 9))
        ring.append(try Self.outcome("x.example.com.", RRType(rawValue: 65280), .servFail, subnet: ipv6Subnet), transport: .udp,
                    client: ClientAddress(ipv4: 0x7F00_0001), zoneID: "ZX")
        #expect(Self.lines(ring) == [
            // The spec's own example line (DNS-13), timestamp aside.
            "1.0 T Z123412341234 bad.example.com A NXDOMAIN UDP LAB1 192.168.3.1 192.168.111.0/24\n",
            // The name as received (case kept), IPv6 resolver in RFC 5952 form.
            "1.0 T Z123412341234 WWW.Example.com AAAA NOERROR TCP LAB1 2001:db8::1234 -\n",
            // Outside every hosted zone (lab rule), resolver unknown.
            "1.0 T - www.example.org TXT REFUSED UDP LAB1 - -\n",
            "1.0 T ZX x.example.com TYPE65280 SERVFAIL UDP LAB1 127.0.0.1 2001:db8:0:1200::/56\n",
        ])
    }

    @Test("timestamps are ISO-8601 UTC with milliseconds")
    func timestamp() {
        var bytes: [UInt8] = []
        QueryLogLine.appendTimestamp(nanoseconds: 1_513_152_950_342_999_999, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "2017-12-13T08:15:50.342Z")
        bytes = []
        QueryLogLine.appendTimestamp(nanoseconds: 946_684_800_007_000_000, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "2000-01-01T00:00:00.007Z")
    }

    @Test("a name that holds a space stays one field")
    func escapedName() throws {
        let name = DomainName(trustedWire: [5] + Array("a b.c".utf8) + [4] + Array("test".utf8) + [0])
        #expect(QueryLogLine.queryName(name) == "a\\032b\\.c.test")
        #expect(QueryLogLine.queryName(.root) == ".")
    }

    @Test("a full ring drops and counts; what it holds comes out in order")
    func drops() throws {
        let ring = QueryLogRing(capacity: 2)
        #expect(ring.capacity == 2)
        for index in 0..<5 {
            ring.append(try Self.outcome("q\(index).example.com.", .a, .noError), transport: .udp, client: nil, zoneID: "Z")
        }
        #expect(ring.dropped == 3)
        #expect(Self.lines(ring).map { $0.split(separator: " ")[3] } == ["q0.example.com", "q1.example.com"])
        // Freed slots are reused, lap after lap.
        for lap in 0..<3 {
            ring.append(try Self.outcome("lap\(lap).example.com.", .a, .noError), transport: .udp, client: nil, zoneID: "Z")
            #expect(Self.lines(ring).count == 1)
        }
        #expect(ring.dropped == 3)
    }
}

let queryLogConfigRows: [ConfigErrorRow] = [
    ConfigErrorRow(name: "unknown QueryLog key", text: "Server:\n  QueryLog: {Path: q.log, Size: 3}\n",
                   expected: ["test.yaml:2: Server.QueryLog.Size: unknown key; allowed keys: Path, BufferSize"]),
    ConfigErrorRow(name: "Path missing", text: "Server:\n  QueryLog: {BufferSize: 16}\n",
                   expected: ["test.yaml:2: Server.QueryLog: missing required key Path"]),
    ConfigErrorRow(name: "Path empty", text: "Server:\n  QueryLog: {Path: ''}\n",
                   expected: ["test.yaml:2: Server.QueryLog.Path: must be a file name or - for standard output"]),
    ConfigErrorRow(name: "BufferSize out of range", text: "Server:\n  QueryLog:\n    Path: q.log\n    BufferSize: 0\n",
                   expected: ["test.yaml:4: Server.QueryLog.BufferSize: 0 is out of range (1…1048576)"]),
]

@Suite("Config: Server.QueryLog")
struct QueryLogConfigTests {
    @Test("Exact problem text", arguments: queryLogConfigRows)
    func exactText(_ row: ConfigErrorRow) {
        #expect(problems(row.text) == row.expected)
    }

    @Test("a relative path is resolved against the config file's directory; - is standard output; off by default")
    func paths() throws {
        let relative = try ConfigLoader.load(text: "Server:\n  QueryLog: {Path: logs/q.log, BufferSize: 64}\n",
                                             fileName: "test.yaml", baseDirectory: "/etc/lab53")
        #expect(relative.server.queryLog == QueryLogSettings(path: "/etc/lab53/logs/q.log", bufferSize: 64))
        let stdout = try ConfigLoader.load(text: "Server:\n  QueryLog: {Path: '-'}\n", fileName: "test.yaml", baseDirectory: "/etc/lab53")
        #expect(stdout.server.queryLog == QueryLogSettings(path: "-", bufferSize: QueryLogSettings.defaultBufferSize))
        let off = try ConfigLoader.load(text: "Server:\n  Seed: 1\n", fileName: "test.yaml", baseDirectory: "/etc/lab53")
        #expect(off.server.queryLog == nil)
    }

    @Test("the README's QueryLog snippet loads (architecture pattern 6)")
    func readmeSnippet() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Query log"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let config = try ConfigLoader.load(text: String(text[start.upperBound..<end.lowerBound]), fileName: "README.md",
                                           baseDirectory: "/etc/lab53")
        #expect(config.server.queryLog == QueryLogSettings(path: "/etc/lab53/query.log", bufferSize: 4096))
    }

    @Test("--query-log turns the log on and keeps the configured BufferSize")
    func flag() throws {
        var overrides = DaemonOverrides()
        overrides.queryLog = "-"
        #expect(try DaemonSettings.resolve(overrides).server.queryLog == QueryLogSettings(path: "-"))
        overrides.queryLog = ""
        #expect(throws: DaemonSettingsError.self) { try DaemonSettings.resolve(overrides) }
    }
}
