import DNSWire
import Testing

@Suite("MessageWriter")
struct MessageWriterTests {
    private func header(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: 12, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    @Test func writesHeaderAndQuestion() {
        var writer = MessageWriter(limit: 512)
        writer.id = 0xBEEF
        writer.setFlag(HeaderFlag.qr)
        writer.setFlag(HeaderFlag.rd)
        writer.setRCode(.nxDomain)
        let questionAdded = writer.appendQuestion(name: dn("Example.com"), type: .mx, rrClass: .in)
        #expect(questionAdded)
        let expected: [UInt8] = [0xBE, 0xEF, 0x81, 0x03, 0, 1, 0, 0, 0, 0, 0, 0,
                                 7, 69, 120, 97, 109, 112, 108, 101, 3, 99, 111, 109, 0, 0, 15, 0, 1]
        #expect(writer.bytes == expected)
        writer.setFlag(HeaderFlag.rd, false)
        #expect(writer.flags == HeaderFlag.qr | RCode.nxDomain.rawValue)
    }

    /// RFC 1035 §4.1.4: a repeated name or suffix becomes a pointer to its first occurrence.
    @Test func compressesOwnersAndRDataNames() {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: dn("www.example.com"), type: .cname, rrClass: .in)
        // Owner equal to the question: a bare pointer to offset 12.
        let cnameAdded = writer.append(.answer, name: dn("www.example.com"), type: .cname, ttl: 300,
                              rdata: dn("web.example.com").wire)
        #expect(cnameAdded)
        let answerStart = 12 + 17 + 4
        #expect(Array(writer.bytes[answerStart..<(answerStart + 2)]) == [0xC0, 12])
        // CNAME target "web" + pointer to "example.com" at offset 16; RDLENGTH 6.
        let rdataStart = answerStart + 2 + 8
        #expect(Array(writer.bytes[rdataStart..<(rdataStart + 2)]) == [0, 6])
        #expect(Array(writer.bytes[(rdataStart + 2)...]) == [3, 119, 101, 98, 0xC0, 16])
        #expect(header(writer.bytes)[2] == 1)
    }

    @Test func doesNotCompressUnknownTypes() {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: dn("example.com"), type: .a, rrClass: .in)
        let rdata = dn("example.com").wire
        // TYPE65280 RDATA that happens to look like a name must be copied verbatim (RFC 3597 §4).
        let unknownAdded = writer.append(.answer, name: dn("example.com"), type: RRType(rawValue: 65280), ttl: 1, rdata: rdata)
        #expect(unknownAdded)
        #expect(Array(writer.bytes.suffix(rdata.count)) == rdata)
    }

    @Test func rollbackRestoresBytesCountsAndCompression() {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: dn("example.com"), type: .a, rrClass: .in)
        let mark = writer.checkpoint()
        let before = writer.bytes
        let answerAdded = writer.append(.answer, name: dn("a.example.com"), type: .a, ttl: 60, rdata: [192, 0, 2, 1])
        #expect(answerAdded)
        let nsAdded = writer.append(.authority, name: dn("example.com"), type: .ns, ttl: 60, rdata: dn("ns.example.com").wire)
        #expect(nsAdded)
        #expect(writer.count(of: .answer) == 1)
        writer.rollback(to: mark)
        #expect(writer.bytes == before)
        #expect(writer.count(of: .answer) == 0)
        #expect(writer.count(of: .authority) == 0)
        // After rollback "a.example.com" is no longer a compression target: it is written in full again.
        let bAdded = writer.append(.answer, name: dn("b.example.com"), type: .a, ttl: 60, rdata: [192, 0, 2, 2])
        #expect(bAdded)
        let aAdded = writer.append(.answer, name: dn("a.example.com"), type: .a, ttl: 60, rdata: [192, 0, 2, 1])
        #expect(aAdded)
        let secondOwner = before.count + 2 + 2 + 10 + 4
        #expect(Array(writer.bytes[secondOwner..<(secondOwner + 4)]) == [1, 97, 0xC0, 12])
    }

    @Test func refusesARecordBeyondTheLimitAndLeavesTheMessageUnchanged() {
        var writer = MessageWriter(limit: 60)
        writer.appendQuestion(name: dn("example.com"), type: .txt, rrClass: .in)
        let before = writer.bytes
        #expect(writer.remaining == 60 - before.count)
        let fits = [UInt8](repeating: 0x61, count: writer.remaining - 12)   // owner pointer 2 + fixed 10
        let tooBig = fits + [0x61]
        let tooBigAdded = writer.append(.answer, name: dn("example.com"), type: .txt, ttl: 1, rdata: tooBig)
        #expect(!tooBigAdded)
        #expect(writer.bytes == before)
        #expect(writer.count(of: .answer) == 0)
        let fitAdded = writer.append(.answer, name: dn("example.com"), type: .txt, ttl: 1, rdata: fits)
        #expect(fitAdded)
        #expect(writer.bytes.count == 60)
        #expect(writer.remaining == 0)
    }

    @Test func refusesAQuestionBeyondTheLimit() {
        var writer = MessageWriter(limit: 20)
        let questionAdded = writer.appendQuestion(name: dn("www.example.com"), type: .a, rrClass: .in)
        #expect(!questionAdded)
        #expect(writer.bytes == [UInt8](repeating: 0, count: 12))
        #expect(writer.count(of: .question) == 0)
    }

    /// RFC 6891 §6.1.3: BADVERS (16) puts 1 in the OPT TTL's top byte and 0 in the header RCODE.
    @Test func optCarriesTheExtendedRCode() {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: .root, type: .ns, rrClass: .in)
        writer.setRCode(.badVers)
        let optAdded = writer.appendOPT(udpPayloadSize: 4096, extendedRCode: .badVers, version: 0, dnssecOK: true)
        #expect(optAdded)
        let opt = Array(writer.bytes.suffix(11))
        #expect(opt == [0, 0, 41, 0x10, 0x00, 1, 0, 0x80, 0, 0, 0])
        #expect(writer.flags & 0x000F == 0)
        #expect(writer.count(of: .additional) == 1)
    }

    @Test func optCarriesOptions() throws {
        var writer = MessageWriter(limit: 512)
        writer.appendQuestion(name: .root, type: .ns, rrClass: .in)
        let options = PacketBuilder.option(10, [1, 2, 3, 4, 5, 6, 7, 8])
        writer.appendOPT(udpPayloadSize: 1232, options: options)
        let message = try Message(bytes: writer.bytes)
        #expect(message.ednsOptions == [EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])])
        #expect(message.edns == EDNS(udpPayloadSize: 1232))
    }
}
