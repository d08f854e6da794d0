import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport
import ZoneText

/// Protocol behaviours of the real daemon that do not fit the resolver table: header handling,
/// EDNS, truncation, opcodes and classes, IPv6, zone selection and answer randomisation.
@Suite("Protocol edges over real sockets (DNS-01, DNS-02, DNS-09, DNS-10, RR-10)", .serialized)
struct ProtocolEdgeTests {
    static let daemon = Result { try DaemonFixture.start(configYAML: DaemonFixture.edgeZoneYAML, extra: ["--dns-listen", "[::1]:0"]) }

    func client(ipv6: Bool = false) throws -> DNSStubClient {
        try DaemonFixture.client(try Self.daemon.get(), ipv6: ipv6)
    }

    @Test("query-name case is echoed in the question and the answer owner (DNS-01)")
    func caseIsPreserved() throws {
        let name = try DomainName("WwW.ChIlD.EdGe.LAB53.test.")
        let response = try client().query(name: name, type: .a)
        #expect(response.questions.first?.name.wire == name.wire)
        #expect(response.answers.first?.name.wire == name.wire)
        #expect(response.answers.map(\.rdata) == [[203, 0, 113, 8]])
    }

    @Test("the longest matching hosted zone answers (DNS-02)")
    func longestSuffixZone() throws {
        let response = try client().query(name: try DomainName("www.child.edge.lab53.test."), type: .a)
        #expect(response.authoritativeAnswer)
        #expect(response.authority.allSatisfy { $0.type == .ns && $0.name == (try! DomainName("child.edge.lab53.test.")) })
        #expect(response.authority.count == 4)
    }

    @Test("IPv6 listener answers like IPv4", arguments: [DNSTransport.udp, .tcp])
    func ipv6(over transport: DNSTransport) throws {
        let response = try client(ipv6: true).query(name: try DomainName("mixed.edge.lab53.test."), type: .a, over: transport)
        #expect(response.extendedRCode == .noError)
        #expect(response.answers.map(\.rdata) == [[203, 0, 113, 7]])
    }

    @Test("without EDNS: no OPT, 512-byte limit, TC=1 and a partial answer; TCP gives all 30 values (DNS-09, Q22)")
    func truncation() throws {
        let name = try DomainName("big.edge.lab53.test.")
        let udp = try client().query(name: name, type: .txt, over: .udp, edns: nil)
        #expect(udp.truncated)
        #expect(udp.edns == nil)
        #expect(udp.answers.count < 30)
        let wire = try #require(try client().sendRaw(Message.queryBytes(id: 9, name: name, type: .txt), over: .udp))
        #expect(wire.count <= 512)
        let tcp = try client().query(name: name, type: .txt, over: .tcp, edns: nil)
        #expect(!tcp.truncated)
        #expect(tcp.answers.count == 30)
        #expect(Set(tcp.answers.map(\.rdata)).count == 30)
    }

    @Test("EDNS: the advertised size is honoured; below 512 counts as 512 (DNS-09)")
    func ednsSizes() throws {
        let name = try DomainName("big.edge.lab53.test.")
        let large = try client().query(name: name, type: .txt, over: .udp, edns: EDNS(udpPayloadSize: 4096))
        #expect(!large.truncated)
        #expect(large.answers.count == 30)
        #expect(large.edns?.udpPayloadSize == 4096)
        let medium = try #require(try client().sendRaw(Message.queryBytes(id: 7, name: name, type: .txt, edns: EDNS(udpPayloadSize: 1000)), over: .udp))
        #expect(medium.count <= 1000)
        #expect(try Message(bytes: medium).truncated)
        // RFC 6891 §6.2.5: a requestor's size below 512 is treated as 512, so a ~350-byte answer still fits.
        let mediumName = try DomainName("medium.edge.lab53.test.")
        let tiny = try #require(try client().sendRaw(Message.queryBytes(id: 8, name: mediumName, type: .txt, edns: EDNS(udpPayloadSize: 100)), over: .udp))
        #expect(tiny.count > 100 && tiny.count <= 512)
        #expect(try Message(bytes: tiny).answers.count == 5)
        #expect(!(try Message(bytes: tiny).truncated))
    }

    @Test("DO bit is echoed in the OPT record (RFC 3225)")
    func dnssecOK() throws {
        let response = try client().query(name: try DomainName("mixed.edge.lab53.test."), type: .a, edns: EDNS(udpPayloadSize: 1232, dnssecOK: true))
        #expect(response.edns?.dnssecOK == true)
    }

    @Test("EDNS version 1 gets BADVERS with an OPT record (RFC 6891 §6.1.3)", arguments: [DNSTransport.udp, .tcp])
    func badVersion(over transport: DNSTransport) throws {
        let query = Message.queryBytes(id: 77, name: try DomainName("mixed.edge.lab53.test."), type: .a, edns: EDNS(udpPayloadSize: 1232, version: 1))
        let response = try Message(bytes: try #require(try client().sendRaw(query, over: transport)))
        #expect(response.id == 77)
        #expect(response.extendedRCode == .badVers)
        #expect(response.edns != nil)
        #expect(response.answers.isEmpty)
    }

    @Test("NOTIFY and UPDATE opcodes get NOTIMP; QDCOUNT 2 gets FORMERR; responses are never answered (DNS-10)")
    func opcodesAndMalformed() throws {
        var notify = Message.queryBytes(id: 0x0101, name: try DomainName("edge.lab53.test."), type: .soa)
        notify[2] = (notify[2] & 0x87) | (4 << 3)
        let notimp = try Message(bytes: try #require(try client().sendRaw(notify, over: .udp)))
        #expect(notimp.extendedRCode == .notImp)
        #expect(notimp.id == 0x0101 && notimp.isResponse)

        var update = Message.queryBytes(id: 0x0102, name: try DomainName("edge.lab53.test."), type: .soa)
        update[2] = (update[2] & 0x87) | (5 << 3)
        #expect(try Message(bytes: try #require(try client().sendRaw(update, over: .tcp))).extendedRCode == .notImp)

        var twoQuestions = Message.queryBytes(id: 0x0103, name: try DomainName("edge.lab53.test."), type: .soa)
        twoQuestions[5] = 2
        let formerr = try Message(bytes: try #require(try client().sendRaw(twoQuestions, over: .udp)))
        #expect(formerr.extendedRCode == .formErr)
        #expect(formerr.questions.isEmpty)

        var response = Message.queryBytes(id: 0x0104, name: try DomainName("edge.lab53.test."), type: .soa)
        response[2] |= 0x80
        #expect(try client().sendRaw(response, over: .udp, timeout: .milliseconds(300)) == nil, "a QR=1 packet must be dropped")
    }

    @Test("class CH and zone transfers are refused (DNS-01, DNS-10)")
    func refusals() throws {
        let chaos = try client().query(name: try DomainName("version.bind."), type: .txt, class: .chaos)
        #expect(chaos.extendedRCode == .refused)
        let axfr = try client().query(name: try DomainName("edge.lab53.test."), type: .axfr, over: .tcp)
        #expect(axfr.extendedRCode == .refused)
        #expect(axfr.answers.isEmpty)
    }

    @Test("a CNAME to a name outside every hosted zone has no additional records (DNS-08)")
    func cnameOutOfZone() throws {
        let response = try client().query(name: try DomainName("out.edge.lab53.test."), type: .a)
        #expect(response.answers.map(\.type) == [.cname])
        #expect(response.additional.isEmpty)
    }

    @Test("values of a record set come back in random order (RR-10)")
    func valueOrderIsRandom() throws {
        var orders = Set<[[UInt8]]>()
        for _ in 0..<20 {
            let response = try client().query(name: try DomainName("many.edge.lab53.test."), type: .a, edns: EDNS(udpPayloadSize: 4096))
            #expect(response.answers.count == 40)
            orders.insert(response.answers.map(\.rdata))
        }
        #expect(orders.count > 1, "40 values returned in the same order 20 times")
    }
}

/// Weighted selection against the example configuration (RP-04, weights 70/30, no health yet).
@Suite("Weighted routing over real sockets (RP-04)")
struct WeightedOverSocketsTests {
    @Test func bothMembersAnswerAndNothingElse() throws {
        let daemon = try DaemonFixture.start(configYAML: """
            HostedZones:
              - Name: w.lab53.test.
                ResourceRecordSets:
                  - {Name: www.w.lab53.test., Type: A, SetIdentifier: blue, Weight: 70, TTL: 60, ResourceRecords: [{Value: 192.0.2.71}]}
                  - {Name: www.w.lab53.test., Type: A, SetIdentifier: green, Weight: 30, TTL: 60, ResourceRecords: [{Value: 192.0.2.72}]}
                  - {Name: www.w.lab53.test., Type: A, SetIdentifier: off, Weight: 0, TTL: 60, ResourceRecords: [{Value: 192.0.2.73}]}
            """)
        let client = try DaemonFixture.client(daemon)
        var seen: [UInt8: Int] = [:]
        for _ in 0..<200 {
            let response = try client.query(name: try DomainName("www.w.lab53.test."), type: .a)
            #expect(response.answers.count == 1, "one weighted record set per answer")
            if let last = response.answers.first?.rdata.last { seen[last, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == [71, 72], "weight 0 is never answered while others are healthy: \(seen)")
        #expect(seen[71, default: 0] > seen[72, default: 0], "70/30 weights: \(seen)")
    }
}
