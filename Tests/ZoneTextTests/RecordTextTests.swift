import DNSWire
import Testing
@testable import ZoneText

@Suite("RecordText")
struct RecordTextTests {
    static let www = ResourceRecord(name: name("www.example.com"), type: .a, ttl: 300, rdata: hexBytes("c0000201"))

    @Test("format is ldns_rr2str: tab-separated, absolute names, no newline")
    func formats() {
        #expect(RecordText.format(Self.www) == "www.example.com.\t300\tIN\tA\t192.0.2.1")
        let mx = ResourceRecord(name: name("example.com"), type: .mx, ttl: 60, rdata: hexBytes("000a") + nameWire("mail.example.com"))
        #expect(RecordText.format(mx) == "example.com.\t60\tIN\tMX\t10 mail.example.com.")
    }

    @Test("parse accepts any zone-file spacing, relative names and parentheses", arguments: [
        ("www.example.com. 300 IN A 192.0.2.1", nil),
        ("www.example.com.\t300\tIN\tA\t192.0.2.1", nil),
        ("www 300 IN A 192.0.2.1", "example.com"),
        ("www 300 A ( 192.0.2.1 ) ; comment", "example.com"),
        ("www.example.com 300 IN A 192.0.2.1", nil),
    ] as [(String, String?)])
    func parses(line: String, origin: String?) throws {
        #expect(try RecordText.parse(line, origin: origin.map(name)) == Self.www)
    }

    @Test("format and parse are inverse for every RR-06 type", arguments: route53Rows)
    func roundTrips(row: RDataRow) throws {
        let record = ResourceRecord(name: name("host.example.com"), type: row.type, ttl: 86400, rdata: row.wire)
        let line = RecordText.format(record)
        #expect(line == "host.example.com.\t86400\tIN\t\(row.type)\t\(row.canonical)")
        #expect(try RecordText.parse(line, origin: nil) == record)
    }

    @Test("a missing TTL takes defaultTTL")
    func defaultTTL() throws {
        #expect(try RecordText.parse("www.example.com. A 192.0.2.1", origin: nil, defaultTTL: 300) == Self.www)
    }

    @Test("rejections", arguments: [
        ("www.example.com. 300 CH A 192.0.2.1", ZoneTextError.Kind.unsupported, "class CH"),
        ("www.example.com. 300 IN A 192.0.2.256", .syntax, "rdata"),
        ("www.example.com. 300 IN MX 65536 mail.example.com.", .syntax, "out of range"),
        ("www.example.com. 2147483648 IN A 192.0.2.1", .syntax, "RFC 2181"),
        ("www.example.com. 300 IN BOGUS 1", .syntax, "Syntax error"),
    ] as [(String, ZoneTextError.Kind, String)])
    func rejects(line: String, kind: ZoneTextError.Kind, words: String) {
        do {
            _ = try RecordText.parse(line, origin: nil)
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.kind == kind)
            #expect(error.text == line)
            #expect(error.description.contains(words), "\(error)")
        }
    }

    @Test("RDATA that does not decode as its type prints in the RFC 3597 generic form")
    func genericFallback() {
        let broken = ResourceRecord(name: name("x.example"), type: .a, ttl: 1, rdata: hexBytes("c00002"))
        #expect(RecordText.format(broken) == "x.example.\t1\tIN\tA\t\\# 3 c00002")
        let empty = ResourceRecord(name: name("x.example"), type: .mx, ttl: 1, rdata: [])
        #expect(RecordText.format(empty).hasPrefix("x.example.\t1\tIN\tMX"))
    }

    @Test("unknown types print and parse in the RFC 3597 form")
    func unknownType() throws {
        let record = ResourceRecord(name: name("x.example"), type: RRType(rawValue: 65280), ttl: 1, rdata: hexBytes("abcd"))
        let line = RecordText.format(record)
        #expect(line == "x.example.\t1\tIN\tTYPE65280\t\\# 2 abcd")
        #expect(try RecordText.parse(line, origin: nil) == record)
    }
}
