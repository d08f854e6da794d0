import DNSWire
import Testing
@testable import ZoneText

/// libldns as the oracle for DNSWire's encoder (architecture: wire output cross-checked with libldns).
@Suite("PacketText")
struct PacketTextTests {
    static let answer = [
        ResourceRecord(name: name("www.example.com"), type: .cname, ttl: 300, rdata: nameWire("web.example.com")),
        ResourceRecord(name: name("web.example.com"), type: .a, ttl: 60, rdata: hexBytes("c0000201")),
        ResourceRecord(name: name("web.example.com"), type: .txt, ttl: 60, rdata: hexBytes("0161 0162")),
    ]
    static let authority = [
        ResourceRecord(name: name("example.com"), type: .ns, ttl: 172800, rdata: nameWire("ns1.example.com")),
        ResourceRecord(name: name("example.com"), type: .soa, ttl: 900,
                       rdata: nameWire("ns1.example.com") + nameWire("hostmaster.example.com")
                           + hexBytes("00000001 00001c20 00000384 00127500 0000012c")),
    ]
    static let additional = [
        ResourceRecord(name: name("ns1.example.com"), type: .a, ttl: 172800, rdata: hexBytes("c0000235")),
        ResourceRecord(name: name("ns1.example.com"), type: .aaaa, ttl: 172800,
                       rdata: hexBytes("20010db8000000000000000000000035")),
    ]

    static func message() -> [UInt8] {
        var writer = MessageWriter(limit: 4096)
        writer.id = 0x1234
        writer.setFlag(HeaderFlag.qr)
        writer.setFlag(HeaderFlag.aa)
        writer.appendQuestion(name: name("www.example.com"), type: .a, rrClass: .in)
        for record in answer { _ = writer.append(.answer, record: record) }
        for record in authority { _ = writer.append(.authority, record: record) }
        for record in additional { _ = writer.append(.additional, record: record) }
        writer.appendOPT(udpPayloadSize: 1232)
        return writer.bytes
    }

    @Test("ldns reads every record of a compressed MessageWriter message back identically")
    func recordsMatch() throws {
        let wire = Self.message()
        // The writer must actually have compressed: owners and RDATA names point back.
        let pointers = zip(wire, wire.dropFirst()).filter { $0.0 & 0xC0 == 0xC0 && $0.1 == 0x0C }
        #expect(!pointers.isEmpty)
        let uncompressedSize = 12 + (Self.answer + Self.authority + Self.additional)
            .reduce(0) { $0 + $1.name.wire.count + 10 + $1.rdata.count }
        #expect(wire.count < uncompressedSize)

        let sections = try #require(PacketText.records(wire))
        #expect(sections.answer == Self.answer.map(RecordText.format))
        #expect(sections.authority == Self.authority.map(RecordText.format))
        // ldns turns OPT into EDNS fields; the other additional records stay.
        #expect(sections.additional == Self.additional.map(RecordText.format))
        #expect(PacketText.questions(wire) == ["www.example.com.\tIN\tA"])
    }

    @Test("render shows the header and sections like dig")
    func renders() throws {
        let text = try #require(PacketText.render(Self.message()))
        #expect(text.contains("opcode: QUERY, rcode: NOERROR, id: 4660"))
        #expect(text.contains("flags: qr aa ;"))
        #expect(text.contains(";; ANSWER SECTION:\nwww.example.com.\t300\tIN\tCNAME\tweb.example.com.\n"))
        #expect(text.contains("EDNS: version 0; flags: ; udp: 1232"))
    }

    @Test("malformed messages give nil", arguments: [
        [UInt8](),
        hexBytes("1234 0100 0001 0000 0000 0000"),
        // One answer whose owner is a pointer to itself.
        hexBytes("1234 8400 0000 0001 0000 0000 c00c 0001 0001 00000000 0004 c0000201"),
    ])
    func malformed(wire: [UInt8]) {
        #expect(PacketText.records(wire) == nil)
        #expect(PacketText.render(wire) == nil)
    }
}
