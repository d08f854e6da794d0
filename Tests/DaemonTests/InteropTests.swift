import Foundation
import Testing
import TestSupport

/// Interoperability with independent DNS clients (BIND's `dig`, Knot's `kdig`) against the real
/// daemon serving `Config/lab53.yaml`: what an operator sees is what Route 53 shows (§7, §11 Q4–Q7, Q22).
@Suite("Interoperability with dig and kdig")
struct InteropTests {
    /// `dig +norec +time=2 +tries=1 @HOST -p PORT <query>` against the daemon's listener.
    static func dig(_ daemon: DaemonProcess, _ query: [String], ipv6: Bool = false) throws -> DigOutput {
        try run("dig", daemon, ["+time=2", "+tries=1"] + query, ipv6: ipv6)
    }

    /// kdig spells the timeouts `+timeout=2 +retry=0`.
    static func kdig(_ daemon: DaemonProcess, _ query: [String], ipv6: Bool = false) throws -> DigOutput {
        try run("kdig", daemon, ["+timeout=2", "+retry=0"] + query, ipv6: ipv6)
    }

    private static func run(_ tool: String, _ daemon: DaemonProcess, _ arguments: [String], ipv6: Bool) throws -> DigOutput {
        let address = DaemonFixture.address(daemon, ipv6: ipv6)
        let result = try ExternalTool.run(tool, ["+norec", "@\(address.host)", "-p", "\(address.port)"] + arguments)
        try #require(result.status == 0, "\(result.commandLine) exited \(result.status)\n\(result.stdout)\(result.stderr)")
        return DigOutput(result.stdout)
    }

    /// The tools are part of the test environment; their absence is a failure, not a skip.
    @Test(arguments: ["dig", "kdig"])
    func toolIsInstalled(tool: String) throws {
        _ = try ExternalTool.path(of: tool)
    }

    /// HZ-03, HZ-04, DNS-01, DNS-04, Q4: apex SOA, TTL 900, AA, the four NS in authority.
    @Test func apexSOA() throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.dig(daemon, ["demo.lab53.test.", "SOA"])
        #expect(output.status == "NOERROR")
        #expect(output.flags == ["qr", "aa"], "\(output.text)")
        let soa = try #require(output.answer.first, "\(output.text)")
        #expect(output.answer.count == 1)
        #expect(soa.owner == "demo.lab53.test." && soa.type == "SOA" && soa.ttl == 900 && soa.rrClass == "IN")
        let fields = soa.rdata.split(separator: " ").map(String.init)
        #expect(fields.dropFirst().joined(separator: " ") == "awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")
        let servers = Set(output.authority.filter { $0.type == "NS" }.map(\.rdata))
        #expect(output.authority.count == 4 && servers.count == 4, "\(output.text)")
        // HZ-03: MNAME is one of the zone's own name servers.
        #expect(servers.contains(fields.first ?? ""), "MNAME \(fields.first ?? "") not among \(servers)")
        #expect(output.authority.allSatisfy { $0.owner == "demo.lab53.test." && $0.ttl == 172800 })
    }

    /// HZ-02, HZ-06: four name servers, one per TLD range, `XX == (N / 8) % 64`.
    @Test func apexNameServersFollowTheNamingRule() throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.dig(daemon, ["demo.lab53.test.", "NS"])
        #expect(output.flags == ["qr", "aa"])
        #expect(output.answer.count == 4, "\(output.text)")
        #expect(output.answer.allSatisfy { $0.type == "NS" && $0.ttl == 172800 })
        let tlds = try output.answer.map { try Self.checkNameServer($0.rdata) }
        #expect(Set(tlds) == ["com", "net", "org", "co.uk"], "one name server per TLD: \(output.answer)")
    }

    /// Checks one `ns-N.awsdns-XX.TLD.` name against HZ-06 and returns its TLD.
    static func checkNameServer(_ name: String) throws -> String {
        let pattern = try NSRegularExpression(pattern: #"^ns-([0-9]+)\.awsdns-([0-9]{2})\.(com|net|org|co\.uk)\.$"#)
        let range = NSRange(name.startIndex..., in: name)
        let match = try #require(pattern.firstMatch(in: name, range: range), "\(name) is not ns-N.awsdns-XX.TLD.")
        let part = { (index: Int) in String(name[Range(match.range(at: index), in: name)!]) }
        let number = try #require(Int(part(1)))
        let tld = part(3)
        let ranges = ["com": 0...511, "net": 512...1023, "org": 1024...1535, "co.uk": 1536...2047]
        #expect(ranges[tld]?.contains(number) == true, "\(name): N=\(number) is outside the \(tld) range")
        #expect(part(2) == String(format: "%02d", (number / 8) % 64), "\(name): XX must be (N / 8) % 64")
        return tld
    }

    /// DNS-05, HZ-04, Q5: NXDOMAIN with AA and the SOA at TTL 900 in authority.
    @Test func nxdomainCarriesNegativeTTL() throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.dig(daemon, ["nope.demo.lab53.test.", "A"])
        #expect(output.status == "NXDOMAIN")
        #expect(output.flags == ["qr", "aa"])
        #expect(output.answer.isEmpty)
        #expect(output.authority.count == 1)
        let soa = try #require(output.authority.first)
        #expect(soa.type == "SOA" && soa.ttl == 900 && soa.owner == "demo.lab53.test.", "\(output.text)")
    }

    /// DNS-03, Q7: a name outside every hosted zone is REFUSED without AA.
    @Test func foreignNameIsRefused() throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.dig(daemon, ["example.org.", "A"])
        #expect(output.status == "REFUSED")
        #expect(output.flags == ["qr"], "\(output.text)")
        #expect(output.answer.isEmpty && output.authority.isEmpty)
    }

    /// DNS-09: the same answer over TCP (dig `+tcp`).
    @Test func digOverTCP() throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.dig(daemon, ["+tcp", "www.demo.lab53.test.", "A"])
        #expect(output.transport == "TCP", "\(output.text)")
        #expect(output.status == "NOERROR")
        #expect(Set(output.answer.map(\.description)) == ["www.demo.lab53.test. 60 IN A 192.0.2.10",
                                                          "www.demo.lab53.test. 60 IN A 192.0.2.11"])
    }

    /// kdig over IPv6 (UDP and TCP) to the `[::1]` listener.
    @Test(arguments: [false, true])
    func kdigOverIPv6(tcp: Bool) throws {
        let daemon = try DaemonFixture.startExample()
        let output = try Self.kdig(daemon, (tcp ? ["+tcp"] : []) + ["www.demo.lab53.test.", "AAAA"], ipv6: true)
        #expect(output.transport == (tcp ? "TCP" : "UDP"), "\(output.text)")
        #expect(output.text.contains("::1@"), "kdig did not talk to ::1: \(output.text)")
        #expect(output.status == "NOERROR")
        #expect(output.flags == ["qr", "aa"])
        #expect(output.answer.map(\.description) == ["www.demo.lab53.test. 60 IN AAAA 2001:db8::10"])
    }

    /// DNS-09, Q22: a 30-value TXT set does not fit 512 bytes. Without EDNS (or with a buffer
    /// below 512, treated as 512) the UDP answer has TC; `+ignore` shows it as received.
    @Test(arguments: ["+noedns", "+bufsize=0"])
    func bigAnswerIsTruncatedOverUDP(option: String) throws {
        let daemon = try DaemonFixture.start(configYAML: DaemonFixture.edgeZoneYAML)
        let output = try Self.dig(daemon, [option, "+ignore", "big.edge.lab53.test.", "TXT"])
        #expect(output.transport == "UDP")
        #expect(output.flags.contains("tc"), "\(output.text)")
        #expect(output.answer.count < 30)
    }

    /// Q22: dig retries over TCP by itself and gets all 30 values.
    @Test(arguments: ["+noedns", "+bufsize=0"])
    func digFallsBackToTCP(option: String) throws {
        let daemon = try DaemonFixture.start(configYAML: DaemonFixture.edgeZoneYAML)
        let output = try Self.dig(daemon, [option, "big.edge.lab53.test.", "TXT"])
        #expect(output.retriedOverTCP, "\(output.text)")
        #expect(output.transport == "TCP")
        #expect(!output.flags.contains("tc"))
        let expected = Set((1...30).map { "big.edge.lab53.test. 60 IN TXT \"txt value number \($0) padding padding padding\"" })
        #expect(Set(output.answer.map(\.description)) == expected)
        #expect(output.answer.count == 30)
    }
}
