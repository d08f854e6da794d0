import ControlPlane
import DNSClient
import DNSWire
import Foundation
import Route53Model
import Testing
import TestSupport
import ZoneText

/// Table-driven resolver cases against the real daemon over real UDP and TCP sockets
/// (architecture patterns 4 and 5): one row per (qname, qtype) → rcode, flags and sections,
/// expected records written in zone-file text. Every response is also decoded by libldns and
/// compared with our own decoder, so the wire encoding itself is cross-checked (issue 2).
@Suite("Resolver table over UDP and TCP (DNS-01 … DNS-10)", .serialized)
struct ResolverTableTests {
    /// One case. `@NS`/`@SOA` in a section stand for the zone's apex NS set / negative SOA.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var type: String
        var rcode: RCode = .noError
        var aa = true
        var answer: [String] = []
        var authority: [String] = ["@NS"]
        var additional: [String] = []
        var zone = "demo.lab53.test."
        var testDescription: String { "\(name) \(type)" }
    }

    static let negative = ["@SOA"]

    static let rows: [Row] = [
        // Apex SOA and NS in the Route 53 formats (HZ-02, HZ-03, Q4); no authority NS for the apex NS answer (DNS-04).
        Row(name: "demo.lab53.test.", type: "SOA", answer: ["@SOA900"]),
        Row(name: "demo.lab53.test.", type: "NS", answer: ["@NS"], authority: []),
        // Positive answers with authority NS (DNS-04).
        Row(name: "www.demo.lab53.test.", type: "A",
            answer: ["www.demo.lab53.test. 60 IN A 192.0.2.10", "www.demo.lab53.test. 60 IN A 192.0.2.11"]),
        Row(name: "www.demo.lab53.test.", type: "AAAA", answer: ["www.demo.lab53.test. 60 IN AAAA 2001:db8::10"]),
        Row(name: "demo.lab53.test.", type: "TXT",
            answer: ["demo.lab53.test. 300 IN TXT \"v=spf1 mx -all\"", "demo.lab53.test. 300 IN TXT \"lab53 demo zone\" \"second string\""]),
        Row(name: "demo.lab53.test.", type: "CAA", answer: ["demo.lab53.test. 3600 IN CAA 0 issue \"letsencrypt.org\""]),
        // Additional-section A/AAAA for MX and SRV targets (DNS-04).
        Row(name: "demo.lab53.test.", type: "MX", answer: ["demo.lab53.test. 300 IN MX 10 mail.demo.lab53.test."],
            additional: ["mail.demo.lab53.test. 300 IN A 192.0.2.25"]),
        Row(name: "_sip._tcp.demo.lab53.test.", type: "SRV", answer: ["_sip._tcp.demo.lab53.test. 300 IN SRV 10 60 5060 sip.demo.lab53.test."],
            additional: ["sip.demo.lab53.test. 300 IN A 192.0.2.60"]),
        // NODATA (DNS-06, Q6) and NXDOMAIN (DNS-05, Q5) with the SOA at min(TTL, MINIMUM) = 900 (HZ-04).
        Row(name: "www.demo.lab53.test.", type: "MX", authority: negative),
        Row(name: "nope.demo.lab53.test.", type: "A", rcode: .nxDomain, authority: negative),
        Row(name: "deep.nope.demo.lab53.test.", type: "TXT", rcode: .nxDomain, authority: negative),
        // Empty non-terminals are NODATA, not NXDOMAIN (DNS-06).
        Row(name: "c.demo.lab53.test.", type: "A", authority: negative),
        Row(name: "b.c.demo.lab53.test.", type: "TXT", authority: negative),
        Row(name: "a.b.c.demo.lab53.test.", type: "TXT", answer: ["a.b.c.demo.lab53.test. 300 IN TXT \"leaf below two empty non-terminals\""]),
        // Wildcards (RR-04, RR-05): owner = query name, any depth; the wildcard's parent is NODATA; other type NODATA.
        Row(name: "x.wild.demo.lab53.test.", type: "A", answer: ["x.wild.demo.lab53.test. 60 IN A 192.0.2.99"]),
        Row(name: "a.b.wild.demo.lab53.test.", type: "A", answer: ["a.b.wild.demo.lab53.test. 60 IN A 192.0.2.99"]),
        Row(name: "x.wild.demo.lab53.test.", type: "AAAA", authority: negative),
        Row(name: "wild.demo.lab53.test.", type: "A", authority: negative),
        // Alias at the apex (AL-05, AL-06, Q14, T17/T18): target's records under the apex, target TTL, no CNAME.
        Row(name: "demo.lab53.test.", type: "A",
            answer: ["demo.lab53.test. 60 IN A 192.0.2.10", "demo.lab53.test. 60 IN A 192.0.2.11"]),
        Row(name: "demo.lab53.test.", type: "AAAA", authority: negative),
        // CNAME the Route 53 way (DNS-08): only the CNAME, for any type; in-zone target addresses in additional.
        Row(name: "docs.demo.lab53.test.", type: "A", answer: ["docs.demo.lab53.test. 300 IN CNAME www.demo.lab53.test."],
            additional: ["www.demo.lab53.test. 60 IN A 192.0.2.10", "www.demo.lab53.test. 60 IN A 192.0.2.11",
                         "www.demo.lab53.test. 60 IN AAAA 2001:db8::10"]),
        Row(name: "docs.demo.lab53.test.", type: "CNAME", answer: ["docs.demo.lab53.test. 300 IN CNAME www.demo.lab53.test."],
            additional: ["www.demo.lab53.test. 60 IN A 192.0.2.10", "www.demo.lab53.test. 60 IN A 192.0.2.11",
                         "www.demo.lab53.test. 60 IN AAAA 2001:db8::10"]),
        // Referrals (DNS-07): AA=0, delegation NS in authority, glue in additional; also for NS at the cut.
        Row(name: "host.sub.demo.lab53.test.", type: "A", aa: false,
            authority: ["sub.demo.lab53.test. 3600 IN NS ns1.sub.demo.lab53.test.", "sub.demo.lab53.test. 3600 IN NS ns2.sub.demo.lab53.test."],
            additional: ["ns1.sub.demo.lab53.test. 3600 IN A 192.0.2.53", "ns2.sub.demo.lab53.test. 3600 IN A 192.0.2.54"]),
        Row(name: "sub.demo.lab53.test.", type: "NS", aa: false,
            authority: ["sub.demo.lab53.test. 3600 IN NS ns1.sub.demo.lab53.test.", "sub.demo.lab53.test. 3600 IN NS ns2.sub.demo.lab53.test."],
            additional: ["ns1.sub.demo.lab53.test. 3600 IN A 192.0.2.53", "ns2.sub.demo.lab53.test. 3600 IN A 192.0.2.54"]),
        // DS at the cut is the parent's: authoritative NODATA (DNS-07).
        Row(name: "sub.demo.lab53.test.", type: "DS", authority: negative),
        // Policies before health checks exist: failover → PRIMARY, multivalue → all (≤ 8) healthy.
        Row(name: "app.demo.lab53.test.", type: "A", answer: ["app.demo.lab53.test. 30 IN A 127.0.0.1"]),
        Row(name: "mv.demo.lab53.test.", type: "A",
            answer: ["mv.demo.lab53.test. 60 IN A 192.0.2.101", "mv.demo.lab53.test. 60 IN A 192.0.2.102", "mv.demo.lab53.test. 60 IN A 192.0.2.103"]),
        // ANY: every RRset at the name (DNS-10).
        Row(name: "www.demo.lab53.test.", type: "ANY",
            answer: ["www.demo.lab53.test. 60 IN A 192.0.2.10", "www.demo.lab53.test. 60 IN A 192.0.2.11",
                     "www.demo.lab53.test. 60 IN AAAA 2001:db8::10"]),
        // Second zone from a BIND zone file; alias whose HostedZoneId was written as the zone name.
        Row(name: "api.import.lab53.test.", type: "A", answer: ["api.import.lab53.test. 3600 IN A 192.0.2.81"], zone: "import.lab53.test."),
        // Not a hosted zone (DNS-03, Q7): REFUSED, AA=0, empty sections.
        Row(name: "www.example.org.", type: "A", rcode: .refused, aa: false, authority: []),
        Row(name: "lab53.test.", type: "SOA", rcode: .refused, aa: false, authority: []),
    ]

    static let transports: [DNSTransport] = [.udp, .tcp]

    static let daemon = Result { try DaemonFixture.startExample() }
    static let zones = Result { try ConfigLoader.load(path: DaemonFixture.exampleConfigPath).hostedZones }

    @Test(arguments: rows, transports)
    func row(_ row: Row, over transport: DNSTransport) throws {
        let daemon = try Self.daemon.get()
        let client = try DaemonFixture.client(daemon)
        let query = Message.queryBytes(id: 0x5353, name: try DomainName(row.name), type: RRType(mnemonic: row.type)!,
                                       edns: EDNS(udpPayloadSize: 4096))
        let wire = try #require(try client.sendRaw(query, over: transport), "no response")
        let response = try Message(bytes: wire)

        #expect(response.id == 0x5353)
        #expect(response.isResponse)
        #expect(response.extendedRCode == row.rcode)
        #expect(response.authoritativeAnswer == row.aa, "AA")
        #expect(!response.recursionAvailable, "RA must be 0 (DNS-01)")
        #expect(!response.truncated)
        #expect(response.questions.map(\.name) == [try DomainName(row.name)])
        #expect(response.edns?.udpPayloadSize == 4096, "OPT advertising 4096 (DNS-09)")

        let zone = try #require(try Self.zones.get().first { $0.name == (try DomainName(row.zone)) })
        #expect(Set(response.answers) == Set(try expand(row.answer, zone: zone)), "answer")
        #expect(Set(response.authority) == Set(try expand(row.authority, zone: zone)), "authority")
        #expect(Set(response.additional) == Set(try expand(row.additional, zone: zone)), "additional")
        #expect(response.answers.count == (try expand(row.answer, zone: zone)).count, "no duplicate records")

        // libldns as the oracle: its decoding of our bytes must equal ours, record for record.
        let oracle = try #require(PacketText.records(wire), "libldns could not parse the response")
        #expect(oracle.answer.sorted() == response.answers.map(RecordText.format).sorted())
        #expect(oracle.authority.sorted() == response.authority.map(RecordText.format).sorted())
        #expect(oracle.additional.sorted() == response.additional.map(RecordText.format).sorted())
    }

    /// Expected records from zone text; `@NS`, `@SOA` (negative TTL) and `@SOA900` from the config's zone.
    func expand(_ lines: [String], zone: HostedZone) throws -> [ResourceRecord] {
        try lines.flatMap { line -> [ResourceRecord] in
            switch line {
            case "@NS":
                let set = try #require(zone.recordSets.first { $0.type == .ns && $0.name == zone.name })
                return set.records.map { ResourceRecord(name: zone.name, type: .ns, ttl: set.ttl!, rdata: $0.rdata) }
            case "@SOA", "@SOA900":
                let set = try #require(zone.recordSets.first { $0.type == .soa })
                return [ResourceRecord(name: zone.name, type: .soa, ttl: 900, rdata: set.records[0].rdata)]
            default:
                return [try RecordText.parse(line, origin: nil)]
            }
        }
    }
}
