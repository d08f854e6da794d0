import DNSWire
import Testing

@Suite("Message decoding")
struct MessageTests {
    static let soaRData = dn("ns-1.awsdns-01.org").wire + dn("awsdns-hostmaster.amazon.com").wire
        + [0, 0, 0, 1, 0, 0, 0x1C, 0x20, 0, 0, 3, 0x84, 0, 0x12, 0x75, 0, 0, 1, 0x51, 0x80]

    /// Records of every type whose RDATA names the writer compresses or the reader decompresses.
    static let answers: [ResourceRecord] = [
        ResourceRecord(name: dn("www.Example.com"), type: .a, ttl: 300, rdata: [192, 0, 2, 1]),
        ResourceRecord(name: dn("www.example.com"), type: .aaaa, ttl: 300, rdata: Array(repeating: 0x20, count: 16)),
        ResourceRecord(name: dn("alias.example.com"), type: .cname, ttl: 60, rdata: dn("www.example.com").wire),
        ResourceRecord(name: dn("example.com"), type: .mx, ttl: 3600, rdata: [0, 10] + dn("mail.example.com").wire),
        ResourceRecord(name: dn("1.2.0.192.in-addr.arpa"), type: .ptr, ttl: 60, rdata: dn("www.example.com").wire),
        ResourceRecord(name: dn("_sip._tcp.example.com"), type: .srv, ttl: 60,
                       rdata: [0, 1, 0, 2, 0x13, 0xC4] + dn("sip.example.com").wire),
        ResourceRecord(name: dn("example.com"), type: .naptr, ttl: 60,
                       rdata: [0, 100, 0, 10, 1, 0x55, 7] + Array("E2U+sip".utf8) + [0] + dn("_sip._udp.example.com").wire),
        ResourceRecord(name: dn("example.com"), type: .txt, ttl: 60, rdata: [5] + Array("hello".utf8)),
        ResourceRecord(name: dn("example.com"), type: .caa, ttl: 60, rdata: [0, 5] + Array("issueamazon.com".utf8)),
    ]
    static let authority = [
        ResourceRecord(name: dn("example.com"), type: .ns, ttl: 172_800, rdata: dn("ns-1.awsdns-01.org").wire),
        ResourceRecord(name: dn("example.com"), type: .soa, ttl: 900, rdata: soaRData),
    ]
    static let additional = [
        ResourceRecord(name: dn("mail.example.com"), type: .a, ttl: 300, rdata: [192, 0, 2, 25]),
    ]

    private func response(rcode: RCode = .noError, edns: Bool = true) -> [UInt8] {
        var writer = MessageWriter(limit: 4096)
        writer.id = 0x0A0B
        writer.flags = HeaderFlag.qr | HeaderFlag.aa | HeaderFlag.rd | HeaderFlag.cd
        writer.setRCode(rcode)
        writer.appendQuestion(name: dn("www.example.com"), type: .a, rrClass: .in)
        let sections: [(MessageSection, [ResourceRecord])] =
            [(.answer, Self.answers), (.authority, Self.authority), (.additional, Self.additional)]
        for (section, records) in sections {
            for record in records {
                let added = writer.append(section, record: record)
                #expect(added)
            }
        }
        if edns { writer.appendOPT(udpPayloadSize: 4096, extendedRCode: rcode, dnssecOK: true) }
        return writer.bytes
    }

    @Test func roundTripsAWriterResponse() throws {
        let bytes = response()
        let message = try Message(bytes: bytes)
        #expect(message.id == 0x0A0B)
        #expect(message.isResponse && message.authoritativeAnswer && message.recursionDesired && message.checkingDisabled)
        #expect(!message.truncated && !message.recursionAvailable && !message.authenticData)
        #expect(message.opcode == .query)
        #expect(message.questions == [Question(name: dn("www.example.com"), type: .a)])
        #expect(message.answers == Self.answers)
        #expect(message.authority == Self.authority)
        #expect(message.additional == Self.additional)
        #expect(message.edns == EDNS(udpPayloadSize: 4096, dnssecOK: true))
        #expect(message.extendedRCode == .noError)
        #expect(message.trailingByteCount == 0)
        #expect(message.records(in: .authority) == Self.authority)
        // Compression must really have happened for the round trip to be meaningful.
        let uncompressed = (Self.answers + Self.authority + Self.additional)
            .reduce(0) { $0 + $1.name.wire.count + 10 + $1.rdata.count }
        #expect(bytes.count < 12 + 17 + 4 + uncompressed + 11 - 100)
    }

    /// The writer matches compression targets case-insensitively (names are, RFC 4343), so a later
    /// name written through a pointer shows the case of the earlier one. Decoders see it that way.
    @Test func compressionTakesTheCaseOfTheEarlierName() throws {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: dn("WWW.Example.com"), type: .cname, rrClass: .in)
        writer.append(.answer, name: dn("www.example.com"), type: .cname, ttl: 60, rdata: dn("a.example.com").wire)
        let message = try Message(bytes: writer.bytes)
        #expect(message.questions[0].name.wire == dn("WWW.Example.com").wire, "question case kept")
        #expect(message.answers[0].name.wire == dn("WWW.Example.com").wire)
        #expect(message.answers[0].rdata == dn("a.Example.com").wire)
    }

    @Test func extendedRCodeCombinesHeaderAndOPT() throws {
        let badVers = try Message(bytes: response(rcode: .badVers))
        #expect(badVers.extendedRCode == .badVers)
        #expect(badVers.headerRCode == .noError)
        let nxDomain = try Message(bytes: response(rcode: .nxDomain))
        #expect(nxDomain.extendedRCode == .nxDomain)
        let plain = try Message(bytes: response(rcode: .refused, edns: false))
        #expect(plain.extendedRCode == .refused)
        #expect(plain.edns == nil)
        #expect(plain.ednsOptions.isEmpty)
    }

    @Test func queryBytesParseBackThroughTheAcceptFilter() throws {
        let subnet = ClientSubnet(family: 1, sourcePrefixLength: 20, address: [203, 0, 127, 99])
        let edns = EDNS(udpPayloadSize: 1400, dnssecOK: true, clientSubnet: subnet)
        let bytes = Message.queryBytes(id: 77, name: dn("WWW.example.com"), type: .aaaa, recursionDesired: true, edns: edns)
        // The option carries only ceil(20 / 8) = 3 address bytes, with the bits after /20 cleared.
        #expect(Array(bytes.suffix(7)) == [0, 1, 20, 0, 203, 0, 112])
        let expected = EDNS(udpPayloadSize: 1400, dnssecOK: true,
                            clientSubnet: ClientSubnet(family: 1, sourcePrefixLength: 20, address: [203, 0, 112, 0]))
        #expect(QueryParser.parse(bytes) == .query(Query(id: 77, recursionDesired: true, name: dn("www.example.com"),
                                                         type: .aaaa, edns: expected)))
        let message = try Message(bytes: bytes)
        #expect(!message.isResponse)
        #expect(message.edns == expected)
        #expect(message.ednsOptions.map(\.code) == [EDNSOption.clientSubnetCode])
        #expect(Message.queryBytes(id: 1, name: .root, type: .ns).count == 17)
    }

    @Test func decodesAHandWrittenCompressedResponse() throws {
        // www.example.com CNAME → web.<ptr to example.com>, with the CNAME owner a pointer to the question.
        let bytes = PacketBuilder.header(id: 9, flags: HeaderFlag.qr | HeaderFlag.aa, an: 1)
            .question("www.example.com", type: .cname)
            .u8(0xC0, 12).u16(5).u16(1).u32(60).u16(6).u8(3, 119, 101, 98, 0xC0, 16)
            .u8(0xAA, 0xBB).bytes
        let message = try Message(bytes: bytes)
        #expect(message.answers == [ResourceRecord(name: dn("www.example.com"), type: .cname, ttl: 60,
                                                   rdata: dn("web.example.com").wire)])
        #expect(message.trailingByteCount == 2)
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        let label: String
        let bytes: [UInt8]
        let error: MessageError
        var testDescription: String { label }
    }

    static let badRows: [BadRow] = [
        BadRow(label: "short header", bytes: [1, 2, 3], error: .shortHeader(length: 3)),
        BadRow(label: "question name runs off the end", bytes: PacketBuilder.header().u8(3, 97).bytes,
               error: .badName(section: .question, offset: 12)),
        BadRow(label: "question type missing", bytes: PacketBuilder.header().u8(0, 0).bytes,
               error: .truncated(section: .question, offset: 13)),
        BadRow(label: "answer counted but absent", bytes: PacketBuilder.header(an: 1).question().bytes,
               error: .badName(section: .answer, offset: 33)),
        BadRow(label: "RDLENGTH past the end",
               bytes: PacketBuilder.header(an: 1).question().u8(0xC0, 12).u16(1).u16(1).u32(1).u16(4).u8(1, 2).bytes,
               error: .truncated(section: .answer, offset: 45)),
        BadRow(label: "CNAME RDATA longer than its name",
               bytes: PacketBuilder.header(an: 1).question().u8(0xC0, 12).u16(5).u16(1).u32(1).u16(3).u8(0, 0, 0).bytes,
               error: .badRData(type: .cname, offset: 45)),
        BadRow(label: "MX name running past RDLENGTH",
               bytes: PacketBuilder.header(an: 1).question().u8(0xC0, 12).u16(15).u16(1).u32(1).u16(4)
                   .u8(0, 10, 1, 97, 0).bytes,
               error: .badRData(type: .mx, offset: 45)),
        BadRow(label: "SOA with 19 fixed bytes",
               bytes: PacketBuilder.header(an: 1).question().u8(0xC0, 12).u16(6).u16(1).u32(1).u16(21)
                   .u8(0, 0).raw(Array(repeating: 0, count: 19)).bytes,
               error: .badRData(type: .soa, offset: 45)),
        BadRow(label: "forward pointer in an owner",
               bytes: PacketBuilder.header(an: 1).question().u8(0xC0, 40).u16(1).u16(1).u32(1).u16(0).bytes,
               error: .badName(section: .answer, offset: 33)),
        BadRow(label: "two OPT records",
               bytes: PacketBuilder.header(flags: HeaderFlag.qr, ar: 2).question().opt().opt().bytes,
               error: .badOPT(offset: 44, reason: "more than one OPT record")),
        BadRow(label: "OPT with a non-root owner",
               bytes: PacketBuilder.header(flags: HeaderFlag.qr, ar: 1).question().opt(owner: [1, 97, 0]).bytes,
               error: .badOPT(offset: 33, reason: "owner is not the root")),
        BadRow(label: "OPT in the answer section",
               bytes: PacketBuilder.header(flags: HeaderFlag.qr, an: 1).question().opt().bytes,
               error: .badOPT(offset: 33, reason: "OPT outside the additional section")),
        BadRow(label: "option longer than the OPT RDATA",
               bytes: PacketBuilder.header(flags: HeaderFlag.qr, ar: 1).question().opt(rdata: [0, 8, 0, 9, 0, 1]).bytes,
               error: .badOPT(offset: 33, reason: "option 8 longer than the RDATA")),
    ]

    @Test(arguments: badRows)
    func rejectsMalformedMessages(_ row: BadRow) {
        #expect(throws: row.error) { try Message(bytes: row.bytes) }
    }

    @Test func malformedClientSubnetInAResponseIsKeptRawOnly() throws {
        let option = PacketBuilder.ecs(family: 1, source: 24, address: [10, 0, 0, 0])
        let message = try Message(bytes: PacketBuilder.header(flags: HeaderFlag.qr, ar: 1).question().opt(rdata: option).bytes)
        #expect(message.edns?.clientSubnet == nil)
        #expect(message.ednsOptions == [EDNSOption(code: 8, data: Array(option.dropFirst(4)))])
    }

    @Test func errorsDescribeThemselves() {
        #expect(MessageError.shortHeader(length: 3).description == "message of 3 bytes is shorter than the 12-byte header")
        #expect(MessageError.badRData(type: .mx, offset: 40).description == "malformed MX RDATA at offset 40")
    }

    @Test func clientSubnetOptionDataRoundTrips() {
        let v6 = ClientSubnet(family: 2, sourcePrefixLength: 60, scopePrefixLength: 0,
                              address: [0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x12, 0x3f] + Array(repeating: 0xFF, count: 8))
        let data = v6.optionData
        #expect(data == [0, 2, 60, 0, 0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x12, 0x30])
        #expect(ClientSubnet(optionData: data)?.address == [0x20, 0x01, 0x0d, 0xb8, 0xab, 0xcd, 0x12, 0x30]
            + Array(repeating: 0, count: 8))
        #expect(ClientSubnet(optionData: [0, 1, 0, 0])?.address == [0, 0, 0, 0])
        #expect(ClientSubnet(optionData: [0, 1, 8, 0]) == nil)
    }
}
