import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport
import ZoneText

/// `lab53d --zone-file ORIGIN=PATH` with no configuration: a BIND zone served as a hosted zone.
/// As a Route 53 import does, the file's apex SOA and NS give way to the generated ones (HZ-02,
/// HZ-03, HZ-06); every other record answers exactly as `ZoneFile.read` reads it.
@Suite("Zone file import")
struct ZoneFileImportTests {
    static let origin = "example.test."

    /// A zone as an operator would export it from BIND: directives, a multi-line SOA with
    /// comments, relative/absolute/`@`/blank owners, and many record types.
    static let zoneText = """
        ; example.test. — exported from a BIND primary.
        $ORIGIN example.test.
        $TTL 3600
        @   IN  SOA ns1.example.test. hostmaster.example.test. (
                    2024010101 ; serial
                    7200       ; refresh
                    3600       ; retry
                    1209600    ; expire
                    300 )      ; minimum
            IN  NS  ns1.example.test.
            IN  NS  ns2
        @       300 IN  MX  10 mail.example.test.
                300 IN  MX  20 mail2.example.net.
        @       IN  TXT "v=spf1 mx -all" "second string with spaces"
        @       IN  CAA 0 issue "letsencrypt.org"
        @       IN  A   192.0.2.1
        ns1     IN  A   192.0.2.53
        ns2     IN  AAAA 2001:db8::53
        www     60  IN  A   192.0.2.10
                60  IN  A   192.0.2.11
        www     IN  AAAA 2001:db8::10
        mail    IN  A   192.0.2.25
        mail2.example.test. IN A 192.0.2.26
        ftp     IN  CNAME www
        _sip._tcp IN SRV 10 60 5060 sip.example.test.
        sip     IN  A   192.0.2.60
        10.2.0.192.in-addr IN PTR www.example.test.
        _443._tcp.www IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        www     IN  SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
        ; Delegation with in-bailiwick glue and a DS at the cut.
        sub     IN  NS  ns1.sub
        sub     IN  NS  ns2.sub.example.test.
        ns1.sub IN  A   192.0.2.153
        ns2.sub IN  AAAA 2001:db8::154
        sub     IN  DS  12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
        naptr   IN  NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .
        svc     IN  HTTPS 1 . alpn="h2,h3" port=443
        _dns    IN  SVCB 1 dns.example.test. alpn="dot"
        long    IN  TXT ( "part one"
                          "part two" ) ; a TXT over two lines
        """

    @Test func importedZoneAnswersLikeTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("db.example", Self.zoneText + "\n")
        let daemon = try DaemonProcess(arguments: ["--zone-file", "\(Self.origin)=\(path)", "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "warning"], temporaryFiles: [directory.url])
        let client = try DaemonFixture.client(daemon)
        let apex = try DomainName(Self.origin)
        let records = try ZoneFile.read(path: path, origin: apex)
        #expect(records.count == 30, "the parser read \(records.count) records")

        try Self.expectGeneratedApex(client, apex: apex)
        let cuts = Set(records.filter { $0.type == .ns && $0.name != apex }.map(\.name))
        #expect(cuts == [try DomainName("sub.example.test.")])
        // One query per (owner, type), each record set compared as a whole.
        let sets = Dictionary(grouping: records.filter { $0.name != apex || ($0.type != .soa && $0.type != .ns) }) {
            RRSetKey(name: $0.name, type: $0.type)
        }
        #expect(sets.count == 24)
        for (key, expected) in sets {
            let response = try client.query(name: key.name, type: key.type, edns: EDNS(udpPayloadSize: 4096))
            #expect(response.headerRCode == .noError, "\(key)")
            let below = cuts.first { key.name.isSubdomain(of: $0) && !(key.type == .ds && key.name == $0) }
            if let cut = below {
                // DNS-07: at or below a cut (except DS at the cut) the answer is a referral.
                #expect(!response.authoritativeAnswer && response.answers.isEmpty, "\(key) should be a referral")
                #expect(Set(response.authority) == Set(records.filter { $0.name == cut && $0.type == .ns }), "\(key)")
                if key.name != cut {
                    #expect(Set(expected).isSubset(of: Set(response.additional)), "glue for \(key) missing")
                }
            } else {
                #expect(response.authoritativeAnswer, "\(key)")
                #expect(Set(response.answers) == Set(expected),
                        "\(key): \(response.answers.map(RecordText.format)) != \(expected.map(RecordText.format))")
                #expect(response.answers.count == expected.count)
            }
        }
    }

    /// HZ-02/03/04/06: the file's SOA (hostmaster.example.test., serial 2024010101, minimum 300) and
    /// NS (ns1/ns2.example.test.) are replaced by the generated Route 53 ones.
    static func expectGeneratedApex(_ client: DNSStubClient, apex: DomainName) throws {
        let soa = try client.query(name: apex, type: .soa)
        let soaLine = try #require(soa.answers.first.map(RecordText.format))
        #expect(soa.answers.count == 1)
        let fields = soaLine.split(separator: "\t").map(String.init)
        #expect(fields.prefix(4) == ["example.test.", "900", "IN", "SOA"])
        let values = fields.last?.split(separator: " ").map(String.init) ?? []
        #expect(values.dropFirst().joined(separator: " ") == "awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400", "\(soaLine)")

        let ns = try client.query(name: apex, type: .ns)
        let names = ns.answers.compactMap { RecordText.format($0).split(separator: "\t").last.map(String.init) }
        #expect(ns.answers.count == 4 && ns.answers.allSatisfy { $0.ttl == 172800 })
        let tlds = try names.map(InteropTests.checkNameServer)
        #expect(Set(tlds) == ["com", "net", "org", "co.uk"])
        #expect(values.first.map(names.contains) == true, "SOA MNAME is not one of the zone's name servers")
        #expect(!names.contains("ns1.example.test.") && !names.contains("ns2.example.test."))

        // HZ-04: negative answers use the generated SOA (TTL 900), not the file's minimum of 300.
        let missing = try client.query(name: try DomainName("missing.example.test."), type: .a)
        #expect(missing.headerRCode == .nxDomain)
        #expect(missing.authority.map(\.ttl) == [900])
    }

    /// A record set's identity: owner (case-insensitive) and type.
    struct RRSetKey: Hashable, CustomStringConvertible {
        let name: DomainName
        let type: RRType
        var description: String { "\(name) \(type)" }
    }

    /// A broken zone file and the line its error must be reported on.
    struct BrokenZone: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let line: Int
        var testDescription: String { "\(name) (line \(line))" }
    }

    static let brokenZones = [
        BrokenZone(name: "bad IPv4", text: "$ORIGIN bad.test.\n$TTL 300\n@ IN A 192.0.2.1\nwww IN A 192.0.2.999\n", line: 4),
        BrokenZone(name: "record over two lines missing its target",
                   text: "$ORIGIN bad.test.\n$TTL 300\n@ IN A 192.0.2.1\n\n; a comment\nwww IN A 192.0.2.9\nx IN MX ( 10\n  )\n", line: 7),
        BrokenZone(name: "MX without target after a multi-line SOA",
                   text: "$TTL 300\n@ IN SOA ns1 host ( 1 2 3 4 5 )\n@ IN NS ns1\nns1 IN A 192.0.2.1\nmail IN MX 10\n", line: 5),
        BrokenZone(name: "$INCLUDE", text: "$ORIGIN bad.test.\n@ IN A 192.0.2.1\n$INCLUDE /etc/hosts\n", line: 3),
        BrokenZone(name: "unknown type", text: "$ORIGIN bad.test.\n@ 300 IN A 192.0.2.1\n\n\n\nwww 300 IN FOO 1\n", line: 6),
        BrokenZone(name: "class CH", text: "$ORIGIN bad.test.\n@ 300 CH A 192.0.2.1\n", line: 2),
    ]

    /// Broken zone files: the daemon refuses to start, and stderr names the file and the line
    /// (the first line of a record spanning several).
    @Test(arguments: brokenZones)
    func syntaxErrorStopsStartup(_ zone: BrokenZone) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bad.zone", zone.text)
        let result = try ExternalTool.run(executable: DaemonProcess.executablePath,
                                          ["--zone-file", "bad.test.=\(path)", "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0"], limit: 30)
        #expect(result.status != 0)
        #expect(!result.stdout.contains("ready"), "lab53d started with a broken zone file")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("lab53d: --zone-file bad.test.=\(path): \(path):\(zone.line): ") == true, "\(result.stderr)")
    }
}
