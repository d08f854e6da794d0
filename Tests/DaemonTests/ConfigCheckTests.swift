import Foundation
import Testing
import TestSupport

/// `lab53d --check-config` and start-up refusals: each problem is one line naming the file, the
/// line, the key path, the value and the rule, so an operator can fix the file without guessing.
/// The lines are asserted verbatim (`{file}` stands for the temporary file's path).
@Suite("Configuration checks")
struct ConfigCheckTests {
    struct BadConfig: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        /// The exact stderr lines, with `{file}` for the path.
        let expected: [String]
        var testDescription: String { name }
    }

    static let badConfigs: [BadConfig] = [
        BadConfig(name: "unknown key", yaml: """
            HostedZones:
              - Name: example.test.
                Colour: blue
            """, expected: [
                "{file}:3: HostedZones[0].Colour: unknown key; allowed keys: Name, Id, CallerReference, Comment, PrivateZone, ZoneFile, ResourceRecordSets",
            ]),
        // RR-07: TTL is 0…2147483647.
        BadConfig(name: "TTL out of range", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: www.example.test.
                    Type: A
                    TTL: 2147483648
                    ResourceRecords: [{Value: 192.0.2.1}]
            """, expected: ["{file}:6: HostedZones[0].ResourceRecordSets[0].TTL: 2147483648 is out of range (0…2147483647)"]),
        BadConfig(name: "bad port in DNSListen", yaml: """
            Server:
              DNSListen: ["127.0.0.1:5353", "127.0.0.1:70000"]
            """, expected: ["{file}:2: Server.DNSListen[1]: port 70000 is out of range (0…65535)"]),
        // RR-11 [O].
        BadConfig(name: "CNAME at the apex", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: example.test.
                    Type: CNAME
                    TTL: 300
                    ResourceRecords: [{Value: www.example.net.}]
            """, expected: [
                "{file}:4: HostedZones[0].ResourceRecordSets[0]: RRSet of type CNAME with DNS name example.test. is not permitted at apex in zone example.test.",
            ]),
        // RR-11 [O]: reported at the CNAME, the record set that breaks the rule.
        BadConfig(name: "CNAME next to other data", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: www.example.test.
                    Type: A
                    TTL: 300
                    ResourceRecords: [{Value: 192.0.2.1}]
                  - Name: www.example.test.
                    Type: CNAME
                    TTL: 300
                    ResourceRecords: [{Value: other.example.net.}]
            """, expected: [
                "{file}:8: HostedZones[0].ResourceRecordSets[1]: RRSet of type CNAME with DNS name www.example.test. is not permitted as it conflicts with other records with the same DNS name in zone example.test.",
            ]),
        // RR-12, RR-14: the first apex SOA replaces the generated one; a second is a duplicate CREATE.
        BadConfig(name: "second apex SOA", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: example.test.
                    Type: SOA
                    TTL: 900
                    ResourceRecords: [{Value: ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 86400}]
                  - Name: example.test.
                    Type: SOA
                    TTL: 900
                    ResourceRecords: [{Value: ns2.example.test. hostmaster.example.test. 2 7200 900 1209600 86400}]
            """, expected: [
                "{file}:8: HostedZones[0].ResourceRecordSets[1]: Tried to create resource record set [name='example.test.', type='SOA'] but it already exists",
            ]),
        // RR-12 [O]: one SOA record set holding two SOA values.
        BadConfig(name: "two SOA values", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: example.test.
                    Type: SOA
                    TTL: 900
                    ResourceRecords:
                      - {Value: ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 86400}
                      - {Value: ns2.example.test. hostmaster.example.test. 2 7200 900 1209600 86400}
            """, expected: ["{file}:8: HostedZones[0].ResourceRecordSets[0].ResourceRecords: A HostedZone must contain exactly one SOA record."]),
        // RR-12 [L]: SOA below the apex.
        BadConfig(name: "SOA below the apex", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: sub.example.test.
                    Type: SOA
                    TTL: 900
                    ResourceRecords: [{Value: ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 86400}]
            """, expected: [
                "{file}:4: HostedZones[0].ResourceRecordSets[0]: RRSet of type SOA with DNS name sub.example.test. is not permitted because SOA records are only permitted at apex in zone example.test.",
            ]),
        // RR-02 [O].
        BadConfig(name: "owner outside the zone", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: www.example.org.
                    Type: A
                    TTL: 300
                    ResourceRecords: [{Value: 192.0.2.1}]
            """, expected: ["{file}:4: HostedZones[0].ResourceRecordSets[0].Name: RRSet with DNS name www.example.org. is not permitted in zone example.test."]),
        // AL-08 [L]: each alias of the loop is reported where it is written.
        BadConfig(name: "alias loop", yaml: """
            HostedZones:
              - Name: example.test.
                Id: ZLOOPTEST
                ResourceRecordSets:
                  - Name: a.example.test.
                    Type: A
                    AliasTarget: {HostedZoneId: ZLOOPTEST, DNSName: b.example.test., EvaluateTargetHealth: false}
                  - Name: b.example.test.
                    Type: A
                    AliasTarget: {HostedZoneId: ZLOOPTEST, DNSName: a.example.test., EvaluateTargetHealth: false}
            """, expected: [
                "{file}:7: HostedZones[0].ResourceRecordSets[0].AliasTarget.DNSName: Tried to create an alias that targets b.example.test., type A in zone ZLOOPTEST, but the alias chain forms a loop (a.example.test. -> b.example.test. -> a.example.test.)",
                "{file}:10: HostedZones[0].ResourceRecordSets[1].AliasTarget.DNSName: Tried to create an alias that targets a.example.test., type A in zone ZLOOPTEST, but the alias chain forms a loop (b.example.test. -> a.example.test. -> b.example.test.)",
            ]),
        // RR-15 [O].
        BadConfig(name: "bad A value", yaml: """
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: www.example.test.
                    Type: A
                    TTL: 300
                    ResourceRecords: [{Value: 192.0.2.1}, {Value: 192.0.2.300}]
            """, expected: [
                "{file}:7: HostedZones[0].ResourceRecordSets[0].ResourceRecords[1].Value: Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '192.0.2.300''",
            ]),
        // Every problem of a file in one run, in file order.
        BadConfig(name: "several problems", yaml: """
            Server:
              DNSListen: ["127.0.0.1:5353", "localhost:53"]
              Seed: -1
            HostedZones:
              - Name: example.test.
                ResourceRecordSets:
                  - Name: www.example.test.
                    Type: AAAA
                    TTL: 300
                    ResourceRecords: [{Value: 192.0.2.1}]
                  - Name: www.example.test.
                    Type: A
                    TTL: -5
                    ResourceRecords: [{Value: 192.0.2.1}]
            """, expected: [
                "{file}:2: Server.DNSListen[1]: localhost is not an IPv4 address (IPv6 goes in brackets: [::1]:5353)",
                "{file}:3: Server.Seed: -1 is not a non-negative integer",
                "{file}:10: HostedZones[0].ResourceRecordSets[0].ResourceRecords[0].Value: Invalid Resource Record: 'FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '192.0.2.1''",
                "{file}:13: HostedZones[0].ResourceRecordSets[1].TTL: -5 is out of range (0…2147483647)",
            ]),
    ]

    /// Writes `yaml` to a fresh directory; returns the directory (remove it) and the file's path.
    static func write(_ yaml: String) throws -> (directory: TemporaryDirectory, path: String) {
        let directory = try TemporaryDirectory()
        return (directory, try directory.write("lab53.yaml", yaml + "\n"))
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The example configuration is valid (docs are executable, architecture pattern 6).
    @Test func exampleConfigurationIsValid() throws {
        let path = DaemonFixture.exampleConfigPath
        let result = try DaemonProcess.run(arguments: ["--check-config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let output = Self.lines(result.stdout)
        #expect(output.count == 1)
        let pattern = try NSRegularExpression(pattern: "^\(NSRegularExpression.escapedPattern(for: path)): OK \\([0-9]+ hosted zones, [0-9]+ record sets, [0-9]+ health checks\\)$")
        let line = output.first ?? ""
        #expect(pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil, "unexpected OK line: \(line)")
    }

    @Test(arguments: badConfigs)
    func checkConfigReportsExactProblems(_ config: BadConfig) throws {
        let (directory, path) = try Self.write(config.yaml)
        defer { directory.remove() }
        let result = try DaemonProcess.run(arguments: ["--check-config", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(Self.lines(result.stderr) == config.expected.map { $0.replacingOccurrences(of: "{file}", with: path) })
    }

    /// Start-up with a bad configuration: non-zero exit, the same problems on stderr (prefixed
    /// `lab53d: `), and never `ready`. Bounded: a daemon that starts anyway is killed after 30 s.
    @Test(arguments: badConfigs.filter { ["bad A value", "alias loop", "bad port in DNSListen"].contains($0.name) })
    func daemonRefusesToStartOnBadConfig(_ config: BadConfig) throws {
        let (directory, path) = try Self.write(config.yaml)
        defer { directory.remove() }
        let result = try ExternalTool.run(executable: DaemonProcess.executablePath,
                                          ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0"], limit: 30)
        #expect(result.status != 0)
        #expect(!Self.lines(result.stdout).contains("ready"), "lab53d started on a bad configuration")
        let expected = config.expected.map { $0.replacingOccurrences(of: "{file}", with: path) }
        // Every problem line carries the program name, so each stands alone in a journal.
        #expect(Self.lines(result.stderr) == expected.map { "lab53d: " + $0 }, "\(result.stderr)")
    }

    /// Bad flags fail clearly, before anything is bound.
    @Test(arguments: [
        (["--dns-listen", "nonsense"],
         "lab53d: --dns-listen: 'nonsense': nonsense is not HOST:PORT (e.g. 127.0.0.1:5353 or [::1]:5353)"),
        (["--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--zone-file", "noequals"],
         "lab53d: --zone-file noequals: expected ORIGIN=PATH, e.g. example.test.=db.example"),
        (["--dns-listen", "[::1]:99999"], "lab53d: --dns-listen: '[::1]:99999': port 99999 is out of range (0…65535)"),
        (["--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "loud"],
         "lab53d: --log-level: 'loud' is not one of trace|debug|info|notice|warning|error|critical"),
        (["--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--tcp-idle-timeout", "0"],
         "lab53d: --tcp-idle-timeout: 0.0 is out of range (0 < seconds ≤ 3600)"),
    ])
    func badFlagsFail(arguments: [String], message: String) throws {
        let result = try ExternalTool.run(executable: DaemonProcess.executablePath, arguments, limit: 30)
        #expect(result.status == 2)
        #expect(!Self.lines(result.stdout).contains("ready"))
        #expect(Self.lines(result.stderr) == [message])
    }

    /// A configuration file that does not exist is named in the error.
    @Test func missingConfigurationFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("absent.yaml").path
        let result = try DaemonProcess.run(arguments: ["--check-config", path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(path): cannot read the configuration file: "), "\(result.stderr)")
    }
}
