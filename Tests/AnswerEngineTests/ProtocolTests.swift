import AnswerEngine
import DNSWire
import Testing

/// Header-level behaviour: flags, EDNS, error replies, classes and transfer types (DNS-01, DNS-09,
/// DNS-10, RFC 6891).
@Suite("Protocol (DNS-01, DNS-09, DNS-10)")
struct ProtocolTests {
    private static func query(_ qname: String = "www.example.com", _ type: RRType = .a, class rrClass: RRClass = .in,
                              rd: Bool = false, edns: EDNS? = nil) -> [UInt8] {
        Message.queryBytes(id: 0xBEEF, name: Fixtures.name(qname), type: type, class: rrClass, recursionDesired: rd,
                           edns: edns)
    }

    private static func respond(_ packet: [UInt8], transport: Transport = .udp) -> [UInt8]? {
        Responder.respond(to: packet, transport: transport, snapshot: Fixtures.snapshot)
    }

    @Test("DNS-01 QR set, ID and RD copied, RA/AD/CD clear", arguments: [false, true])
    func headerFlags(recursionDesired: Bool) throws {
        var packet = Self.query(rd: recursionDesired)
        packet[3] |= UInt8(HeaderFlag.cd | HeaderFlag.ad)
        let reply = try #require(Exchange.send(packet))
        #expect(reply.message.id == 0xBEEF)
        #expect(reply.message.isResponse)
        #expect(reply.message.opcode == .query)
        #expect(reply.message.recursionDesired == recursionDesired)
        #expect(!reply.message.recursionAvailable)
        #expect(!reply.message.checkingDisabled)
        #expect(!reply.message.authenticData)
        #expect(reply.aa)
    }

    @Test("DNS-01 question echoed as received; answer owner keeps the query's case")
    func casePreserved() throws {
        let reply = try #require(Exchange.ask("WWW.Example.COM", .a))
        #expect(reply.questions == ["WWW.Example.COM. IN A"])
        #expect(reply.answer == ["WWW.Example.COM. 300 IN A 192.0.2.1", "WWW.Example.COM. 300 IN A 192.0.2.2"])
        #expect(reply.message.questions.first?.name.wire == Fixtures.name("WWW.Example.COM").wire)
        // Answer owners are compression pointers to the question (offset 12).
        let answerStart = 12 + reply.message.questions[0].name.wire.count + 4
        #expect(Array(reply.bytes[answerStart..<(answerStart + 2)]) == [0xC0, 12])
    }

    @Test("DNS-09 OPT advertises 4096 and echoes DO", arguments: [false, true])
    func optRecord(dnssecOK: Bool) throws {
        let reply = try #require(Exchange.ask("www.example.com", .a, edns: EDNS(udpPayloadSize: 1232, dnssecOK: dnssecOK)))
        let edns = try #require(reply.message.edns)
        #expect(edns.udpPayloadSize == 4096)
        #expect(edns.dnssecOK == dnssecOK)
        #expect(edns.version == 0)
        #expect(reply.rcode == .noError)
    }

    @Test("no OPT in the reply when the query had none")
    func noOptWithoutEDNS() throws {
        let reply = try #require(Exchange.ask("www.example.com", .a))
        #expect(reply.message.edns == nil)
    }

    @Test("RFC 6891 §6.1.3 EDNS version 1 → BADVERS with OPT, question echoed")
    func badVersion() throws {
        let reply = try #require(Exchange.ask("www.example.com", .a, edns: EDNS(udpPayloadSize: 1232, version: 1),
                                              recursionDesired: true))
        #expect(reply.rcode == .badVers)
        #expect(reply.message.headerRCode == .noError)
        #expect(reply.message.edns?.udpPayloadSize == 4096)
        #expect(reply.questions == ["www.example.com. IN A"])
        #expect(reply.answer.isEmpty && reply.authority.isEmpty && reply.additional.isEmpty)
        #expect(!reply.aa && reply.message.recursionDesired)
    }

    @Test("FORMERR is header only: ID, QR, opcode, RD, counts 0")
    func formatError() throws {
        var packet = Self.query(rd: true)
        packet[7] = 1  // ANCOUNT = 1 in a query
        let bytes = try #require(Self.respond(packet))
        #expect(bytes.count == 12)
        let message = try Message(bytes: bytes)
        #expect(message.id == 0xBEEF && message.isResponse && message.recursionDesired)
        #expect(message.headerRCode == .formErr)
        #expect(message.questions.isEmpty && message.answers.isEmpty && message.edns == nil)
    }

    @Test("DNS-10 other opcodes → NOTIMP, header only with the query's flags",
          arguments: [Opcode.notify, Opcode.update, Opcode(rawValue: 2)])
    func notImplemented(opcode: Opcode) throws {
        var packet = Self.query(rd: true)
        packet[2] = (packet[2] & 0x87) | (opcode.rawValue << 3)
        let bytes = try #require(Self.respond(packet))
        #expect(bytes.count == 12)
        let message = try Message(bytes: bytes)
        #expect(message.isResponse && message.opcode == opcode && message.recursionDesired)
        #expect(message.headerRCode == .notImp)
    }

    @Test("responses and runts are dropped")
    func dropped() {
        var response = Self.query()
        response[2] |= 0x80
        #expect(Self.respond(response) == nil)
        #expect(Self.respond([0x12, 0x34, 0x01]) == nil)
    }

    @Test("DNS-01 classes other than IN/ANY → REFUSED, question echoed",
          arguments: [RRClass.chaos, RRClass.none, RRClass(rawValue: 42)])
    func otherClass(rrClass: RRClass) throws {
        let reply = try #require(Exchange.send(Self.query(class: rrClass, edns: EDNS())))
        #expect(reply.rcode == .refused && !reply.aa)
        #expect(reply.message.questions.first?.rrClass == rrClass)
        #expect(reply.message.answers.isEmpty && reply.message.authority.isEmpty)
        #expect(reply.message.edns != nil)
    }

    @Test("QCLASS ANY answers like IN without AA and without SOA/NS authority (NSD)")
    func classAny() throws {
        let positive = try #require(Exchange.send(Self.query(class: .any)))
        #expect(positive.rcode == .noError && !positive.aa)
        #expect(positive.answer == ["www.example.com. 300 IN A 192.0.2.1", "www.example.com. 300 IN A 192.0.2.2"])
        #expect(positive.authority.isEmpty)
        let negative = try #require(Exchange.send(Self.query("nope.example.com", class: .any)))
        #expect(negative.rcode == .nxDomain && !negative.aa && negative.authority.isEmpty)
    }

    @Test("DNS-10 AXFR and IXFR → REFUSED over UDP and TCP",
          arguments: [RRType.axfr, RRType.ixfr], [Transport.udp, Transport.tcp])
    func zoneTransfer(type: RRType, transport: Transport) throws {
        let reply = try #require(Exchange.ask("example.com", type, transport: transport))
        #expect(reply.rcode == .refused && !reply.aa)
        #expect(reply.questions == ["example.com. IN \(type)"])
        #expect(reply.answer.isEmpty && reply.authority.isEmpty)
    }

    @Test("DNS-03 REFUSED keeps the OPT record")
    func refusedWithEDNS() throws {
        let reply = try #require(Exchange.ask("www.nothere.test", .a, edns: EDNS()))
        #expect(reply.rcode == .refused && !reply.aa)
        #expect(reply.message.edns?.udpPayloadSize == 4096)
    }

    @Test("SERVFAIL keeps the question and the OPT record")
    func servFailWithEDNS() throws {
        let reply = try #require(Exchange.ask("alias-broken.example.com", .a, edns: EDNS(dnssecOK: true)))
        #expect(reply.rcode == .servFail && !reply.aa)
        #expect(reply.questions == ["alias-broken.example.com. IN A"])
        #expect(reply.message.edns?.dnssecOK == true)
    }

    @Test("DNS-09 size limit: 512 plain UDP, EDNS size within [512, 4096], 65535 TCP")
    func sizeLimits() {
        let name = Fixtures.name("www.example.com")
        let plain = Query(id: 1, name: name, type: .a)
        #expect(Responder.sizeLimit(for: plain, transport: .udp) == 512)
        #expect(Responder.sizeLimit(for: plain, transport: .tcp) == 65535)
        for (advertised, limit) in [(100, 512), (1232, 1232), (4096, 4096), (65000, 4096)] {
            let query = Query(id: 1, name: name, type: .a, edns: EDNS(udpPayloadSize: UInt16(advertised)))
            #expect(Responder.sizeLimit(for: query, transport: .udp) == limit)
        }
    }
}
