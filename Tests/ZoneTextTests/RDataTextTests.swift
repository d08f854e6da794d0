import DNSWire
import Testing
@testable import ZoneText

/// One RR-06 type: the Route 53 `Value` text, the wire RDATA we expect (built by hand, not by
/// libldns), and the canonical text `format` prints back.
struct RDataRow: CustomTestStringConvertible, Sendable {
    let type: RRType
    let text: String
    let wire: [UInt8]
    let canonical: String
    var testDescription: String { "\(type) \(text)" }
}

private let digest32 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/// Every type Route 53 accepts (RR-06), in both directions.
let route53Rows: [RDataRow] = [
    RDataRow(type: .a, text: "192.0.2.1", wire: hexBytes("c0000201"), canonical: "192.0.2.1"),
    RDataRow(type: .aaaa, text: "2001:DB8:0:0:0:0:0:1", wire: hexBytes("20010db8 00000000 00000000 00000001"),
             canonical: "2001:db8::1"),
    RDataRow(type: .mx, text: "10 mail.example.com", wire: hexBytes("000a") + nameWire("mail.example.com"),
             canonical: "10 mail.example.com."),
    RDataRow(type: .txt, text: #""a" "b c""#, wire: hexBytes("0161 03622063"), canonical: #""a" "b c""#),
    RDataRow(type: .spf, text: #""v=spf1 -all""#, wire: hexBytes("0b 763d73706631202d616c6c"),
             canonical: #""v=spf1 -all""#),
    RDataRow(type: .caa, text: #"0 issue "ca.example.net""#,
             wire: hexBytes("00 05 6973737565") + Array("ca.example.net".utf8), canonical: #"0 issue "ca.example.net""#),
    RDataRow(type: .cname, text: "www.example.com.", wire: nameWire("www.example.com"), canonical: "www.example.com."),
    RDataRow(type: .ns, text: "ns-1.awsdns-01.org", wire: nameWire("ns-1.awsdns-01.org"), canonical: "ns-1.awsdns-01.org."),
    RDataRow(type: .ptr, text: "host.example.com", wire: nameWire("host.example.com"), canonical: "host.example.com."),
    RDataRow(type: .srv, text: "10 20 5060 sip.example.com", wire: hexBytes("000a 0014 13c4") + nameWire("sip.example.com"),
             canonical: "10 20 5060 sip.example.com."),
    RDataRow(type: .soa, text: "ns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 86400",
             wire: nameWire("ns1.example.com") + nameWire("hostmaster.example.com")
                 + hexBytes("78a3f175 00001c20 00000384 00127500 00015180"),
             canonical: "ns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 86400"),
    RDataRow(type: .naptr, text: #"100 10 "S" "SIP+D2U" "" _sip._udp.example.com"#,
             wire: hexBytes("0064 000a 0153 075349502b443255 00") + nameWire("_sip._udp.example.com"),
             canonical: #"100 10 "S" "SIP+D2U" "" _sip._udp.example.com."#),
    RDataRow(type: .ds, text: "12345 13 2 \(digest32.uppercased())", wire: hexBytes("3039 0d 02 " + digest32),
             canonical: "12345 13 2 \(digest32)"),
    RDataRow(type: .tlsa, text: "3 1 1 \(digest32)", wire: hexBytes("03 01 01 " + digest32), canonical: "3 1 1 \(digest32)"),
    RDataRow(type: .sshfp, text: "4 2 \(digest32)", wire: hexBytes("04 02 " + digest32), canonical: "4 2 \(digest32)"),
    RDataRow(type: .svcb, text: "1 svc.example.net. alpn=h2,h3 port=8443",
             wire: hexBytes("0001") + nameWire("svc.example.net") + hexBytes("0001 0006 026832 026833 0003 0002 20fb"),
             canonical: "1 svc.example.net. alpn=h2,h3 port=8443"),
    RDataRow(type: .https, text: "1 . alpn=h2 ipv4hint=192.0.2.1",
             wire: hexBytes("0001 00 0001 0003 026832 0004 0004 c0000201"), canonical: "1 . alpn=h2 ipv4hint=192.0.2.1"),
]

@Suite("RDataText (RR-06)")
struct RDataTextTests {
    @Test("every Route 53 type is covered")
    func coversRoute53Types() {
        #expect(Set(route53Rows.map(\.type)) == Set(RRType.route53Types))
    }

    @Test("text → wire", arguments: route53Rows)
    func parses(row: RDataRow) throws {
        #expect(try RDataText.parse(type: row.type, text: row.text) == row.wire)
    }

    @Test("wire → text", arguments: route53Rows)
    func formats(row: RDataRow) throws {
        #expect(try RDataText.format(type: row.type, rdata: row.wire) == row.canonical)
    }

    @Test("canonical text parses back to the same wire", arguments: route53Rows)
    func roundTrips(row: RDataRow) throws {
        #expect(try RDataText.parse(type: row.type, text: row.canonical) == row.wire)
    }

    @Test("names without a dot are relative to the origin, the root by default")
    func relativeNames() throws {
        #expect(try RDataText.parse(type: .mx, text: "10 mail") == hexBytes("000a") + nameWire("mail"))
        #expect(try RDataText.parse(type: .mx, text: "10 mail", origin: name("example.com"))
            == hexBytes("000a") + nameWire("mail.example.com"))
        #expect(try RDataText.parse(type: .cname, text: "@", origin: name("example.com")) == nameWire("example.com"))
    }

    @Test("BIND time units, DS algorithm mnemonics and split hex stay accepted")
    func laxFormsStillAccepted() throws {
        let soa = try RDataText.parse(type: .soa, text: "ns1. host. 1 2h 15m 2w 1d")
        #expect(soa.suffix(16) == hexBytes("00001c20 00000384 00127500 00015180"))
        #expect(try RDataText.parse(type: .ds, text: "1 ECDSAP256SHA256 2 0123 4567") == hexBytes("0001 0d 02 01234567"))
        #expect(try RDataText.parse(type: .mx, text: "65535 .") == hexBytes("ffff 00"))
    }

    @Test("a TXT character-string holds at most 255 bytes (RFC 1035 §3.3, RR-09)")
    func txtStringLimit() throws {
        let longest = String(repeating: "a", count: 255)
        #expect(try RDataText.parse(type: .txt, text: "\"\(longest)\"") == [255] + Array(longest.utf8))
        #expect(throws: ZoneTextError.self) { try RDataText.parse(type: .txt, text: "\"\(longest)a\"") }
    }

    @Test("decimal escapes in names and TXT follow RFC 1035 §5.1")
    func escapes() throws {
        #expect(try RDataText.parse(type: .cname, text: #"\042.example.com"#) == nameWire("*.example.com"))
        #expect(try RDataText.parse(type: .txt, text: #""a\"b\059""#) == hexBytes("04 61 22 62 3b"))
    }
}

@Suite("Route 53 octal escapes (RR-02, RR-03, RR-09)")
struct RDataTextEscapeTests {
    @Test("escapeRadix 8 reads \\ooo as octal in names and strings")
    func parsesOctal() throws {
        #expect(try RDataText.parse(type: .cname, text: #"\052.example.com"#, escapeRadix: 8) == nameWire("*.example.com"))
        #expect(try RDataText.parse(type: .txt, text: #""a\052\040b""#, escapeRadix: 8) == hexBytes("04 61 2a 20 62"))
        #expect(throws: ZoneTextError.self) { try RDataText.parse(type: .txt, text: #""\058""#, escapeRadix: 8) }
    }

    @Test("escapeRadix 8 writes \\ooo")
    func formatsOctal() throws {
        #expect(try RDataText.format(type: .txt, rdata: hexBytes("03 01 ff 41")) == #""\001\255A""#)
        #expect(try RDataText.format(type: .txt, rdata: hexBytes("03 01 ff 41"), escapeRadix: 8) == #""\001\377A""#)
    }

    @Test("conversion keeps \\X escapes and rejects bad digits", arguments: [
        (#"\\052"#, 8, 10, #"\\052"#),
        (#"a\052b"#, 8, 10, #"a\042b"#),
        (#"a\042b"#, 10, 8, #"a\052b"#),
        (#"\"\377"#, 8, 10, #"\"\255"#),
        (#"\400"#, 8, 10, nil),
        (#"\256"#, 10, 8, nil),
        (#"\08"#, 8, 10, #"\08"#),
        (#"x"#, 16, 10, nil),
    ] as [(String, Int, Int, String?)])
    func converts(text: String, from: Int, to: Int, expected: String?) {
        #expect(RDataText.convertEscapes(text, from: from, to: to) == expected)
    }
}

/// Input that must be rejected, with a word the message has to contain.
struct MalformedRow: CustomTestStringConvertible, Sendable {
    let type: RRType
    let text: String
    var testDescription: String { "\(type) \(text)" }
}

@Suite("RDataText rejects malformed values")
struct RDataTextMalformedTests {
    static let rows: [MalformedRow] = [
        MalformedRow(type: .a, text: "300.1.1.1"),
        MalformedRow(type: .a, text: "192.0.2"),
        MalformedRow(type: .a, text: "192.0.2.1 192.0.2.2"),
        MalformedRow(type: .a, text: "2001:db8::1"),
        MalformedRow(type: .a, text: ""),
        MalformedRow(type: .aaaa, text: "2001:db8::1::2"),
        MalformedRow(type: .aaaa, text: "2001:db8::g"),
        MalformedRow(type: .aaaa, text: "192.0.2.1"),
        MalformedRow(type: .caa, text: "0 issue ca.example.net"),
        MalformedRow(type: .caa, text: #"0 is-sue "ca.example.net""#),
        MalformedRow(type: .mx, text: "mail.example.com"),
        MalformedRow(type: .srv, text: "1 2 sip.example.com"),
        MalformedRow(type: .soa, text: "ns1.example.com. hostmaster.example.com. 1 2 3 4"),
        MalformedRow(type: .cname, text: "a..example.com"),
        MalformedRow(type: .sshfp, text: "1 1 zz"),
        MalformedRow(type: .svcb, text: "1 . bogus=1"),
        MalformedRow(type: .spf, text: "   "),
        MalformedRow(type: .a, text: "192.0.2.1\n@ IN A 192.0.2.2"),
        // ldns 1.8.3 accepts these and wraps or pads the value; RDataText must not.
        MalformedRow(type: .mx, text: "70000 mail.example.com"),
        MalformedRow(type: .mx, text: "-1 mail.example.com"),
        MalformedRow(type: .srv, text: "1 65536 5060 sip.example.com"),
        MalformedRow(type: .naptr, text: #"65536 10 "S" "SIP+D2U" "" ."#),
        MalformedRow(type: .caa, text: #"256 issue "ca.example.net""#),
        MalformedRow(type: .soa, text: "ns1. host. 4294967296 7200 900 1209600 86400"),
        MalformedRow(type: .soa, text: "ns1. host. 1 4294967296 900 1209600 86400"),
        MalformedRow(type: .ds, text: "65536 13 2 \(digest32)"),
        MalformedRow(type: .ds, text: "12345 13 2 abc"),
        MalformedRow(type: .tlsa, text: "3 1 256 \(digest32)"),
        MalformedRow(type: .tlsa, text: "3 1 1 abc"),
        MalformedRow(type: .sshfp, text: "4 2 abc"),
        MalformedRow(type: .svcb, text: "65536 svc.example.net. alpn=h2"),
        MalformedRow(type: .https, text: "1 . port=65536"),
        MalformedRow(type: .txt, text: #""unterminated"#),
        MalformedRow(type: .caa, text: #"0 issue "ca.example.net"#),
    ]

    @Test("rejects", arguments: rows)
    func rejects(row: MalformedRow) {
        #expect(throws: ZoneTextError.self) { try RDataText.parse(type: row.type, text: row.text) }
    }

    @Test("the error names the offending value and carries the ldns reason")
    func errorText() {
        do {
            _ = try RDataText.parse(type: .a, text: "300.1.1.1")
            Issue.record("300.1.1.1 was accepted")
        } catch {
            #expect(error.file == nil && error.line == nil)
            #expect(error.text == "300.1.1.1")
            #expect(error.description == #"syntax error in "300.1.1.1": Syntax error, could not parse the RR's rdata"#)
        }
    }

    @Test("format rejects RDATA that does not fit the type exactly", arguments: [
        (RRType.a, hexBytes("c00002")),
        (RRType.a, hexBytes("c000020101")),
        (RRType.mx, hexBytes("000a 04 6d61")),
        (RRType.txt, hexBytes("05 6162")),
    ])
    func formatRejects(type: RRType, rdata: [UInt8]) {
        #expect(throws: ZoneTextError.self) { try RDataText.format(type: type, rdata: rdata) }
    }
}
