import DNSWire
@testable import ZoneText
import Testing

/// The plain-line reader (issue 6, scale) must give exactly what libldns gives: every zone below is
/// parsed both ways and the records (name bytes and case, type, class, TTL, RDATA) and errors compared.
@Suite("Zone files: plain lines read without libldns")
struct PlainLineTests {
    static let origin = try! DomainName("plain.test.")

    static let zones: [String] = [
        // Relative, absolute and @ owners; TTL and class in both orders and left out; tabs; case kept.
        """
        $TTL 300
        @ 3600 IN NS ns1
        ns1 IN A 192.0.2.1
        Www\t60\tIN\tA\t192.0.2.2
        mixed.Case.plain.test. 120 IN AAAA 2001:DB8::1
        v6 aaaa ::1
        v6b 7200 AAAA 2001:db8:0:0:0:0:0:2
        mail IN MX 10 mx1
        mail in mx 20 mx2.example.net.
        alias CNAME www
        alias2 300 IN cname target.example.net.
        *.wild A 192.0.2.3
        1.2.0.192.in-addr PTR host.example.net.
        sub NS ns.sub
        ns.sub A 192.0.2.4
        """,
        // An explicit TTL followed by records without one; `$TTL` and `$ORIGIN` changing mid-file.
        """
        a 86400 A 192.0.2.10
        b A 192.0.2.11
        $TTL 42
        c A 192.0.2.12
        $ORIGIN other.plain.test.
        d A 192.0.2.13
        @ MX 0 .
        $ORIGIN plain.test.
        e A 192.0.2.14
        """,
        // Lines libldns keeps: a blank owner after a plain line, comments, quotes, parentheses,
        // other types, escapes, CRLF.
        """
        $TTL 300
        www A 192.0.2.20
            AAAA 2001:db8::20
        \tTXT "after a plain line"
        ; a comment line

        www2 A 192.0.2.21 ; trailing comment
        @ IN SOA ns1 host ( 1 7200 900
              1209600 300 )
        txt TXT "a b" "c"
        srv SRV 0 5 5060 sip
        caa CAA 0 issue "ca.test"
        esc\\.aped A 192.0.2.22
        crlf A 192.0.2.23\r
        last MX 5 mx
        """,
        // Values the plain reader leaves to libldns: its errors must be the same.
        "big 4294967295 A 192.0.2.30\n",
        "order IN 120 A 192.0.2.31\n",
        // Line numbers of an error after plain lines, blank lines and a comment.
        "a A 192.0.2.1\n\n; note\nb A 192.0.2.2\n  AAAA ::1\nbad A 192.0.2.300\n",
        "mx MX 70000 mx\n",
        "bad A 192.0.2.300\n",
        "short A 192.0.2\n",
        "v6 AAAA 2001:db8::1::2\n",
        "two A 192.0.2.1 192.0.2.2\n",
        "\(String(repeating: "x", count: 64)) A 192.0.2.1\n",
        "double..dot A 192.0.2.1\n",
        // Name limits at the edge: a 63-byte label, a name of 255 bytes and one of 256 (with the origin).
        "\(String(repeating: "y", count: 63)) A 192.0.2.1\n",
        "\(Array(repeating: String(repeating: "n", count: 61), count: 3).joined(separator: ".")).\(String(repeating: "m", count: 56)) A 192.0.2.1\n",
        "\(Array(repeating: String(repeating: "n", count: 61), count: 3).joined(separator: ".")).\(String(repeating: "m", count: 57)) A 192.0.2.1\n",
        // Leading zeros, the largest TTL, the root as a target, mixed-case class and type.
        "z 0300 In Mx 0010 .\nmax 2147483647 A 192.0.2.1\nroot CNAME .\nabs.example. a 192.0.2.2\n",
        "mx MX 065536 mx\n",
        // TXT and SPF: quoted and bare strings, empty ones, separators inside quotes, 255 and 256 bytes.
        "t TXT \"v=spf1 -all\"\nt2 300 IN txt \"a b\" c \"\"\ns SPF \"x;y (z)\"\nt3 TXT bare\n",
        "t TXT \"\(String(repeating: "q", count: 255))\"\nu TXT \"\(String(repeating: "q", count: 256))\"\n",
        "t TXT \"open\n",
        "t TXT \"a\"b\n",
        "t TXT a\"b\"\n",
        "\"q\" A 192.0.2.1\n",
        "q CNAME \"x\"\n",
        "t TXT \"tab\there\"\n",
        "t TXT \"caf\u{e9}\"\n",
        "t TXT \"a\\\"b\"\n",
        "t TXT\n",
        // IPv4 as inet_pton reads it: leading zeros, a final dot, five parts, empty parts.
        "a A 192.0.02.1\n", "a A 0.0.0.0\n", "a A 1.2.3.4.\n", "a A 1.2.3.4.5\n", "a A 1..3.4\n", "a A .1.2.3\n", "a A 256.1.1.1\n",
    ]

    static func outcome(_ text: String, plain: Bool) -> String {
        do {
            let records = try ZoneFile.parse(bytes: Array(text.utf8), origin: origin, fileName: "z", defaultTTL: 3600,
                                             readsPlainLines: plain)
            return records.map { "\($0.name.wire) \($0.type.rawValue) \($0.rrClass.rawValue) \($0.ttl) \($0.rdata)" }
                .joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    @Test("the same records or the same error as libldns", arguments: zones.indices)
    func sameAsLibldns(_ index: Int) {
        let text = Self.zones[index]
        let withPlain = Self.outcome(text, plain: true)
        #expect(withPlain == Self.outcome(text, plain: false))
        #expect(!withPlain.isEmpty)
    }

    @Test("plain lines are taken; anything unusual is left to libldns")
    func takesOnlyPlainLines() throws {
        let origin = Self.origin
        let take = ["www A 192.0.2.1", "@ 60 IN MX 10 mx", "x.y.plain.test. AAAA ::1", "c cname d", "www TXT \"x\"",
                    "www TXT \"a;b\" c"]
        let leave = ["  A 192.0.2.1", "www TXT \"x\\\"\"", "www TXT \"x", "\"w\" A 192.0.2.1", "www A \"192.0.2.1\"",
                     "www A 192.0.2.1 ; c", "w\\.x A 192.0.2.1", "$TTL 5",
                     "www 3000000000 A 192.0.2.1", "www MX 65536 mx", "www IN 60 A 192.0.2.1", "www SRV 0 0 1 x", "www CH A 192.0.2.1"]
        for (line, expected) in take.map({ ($0, true) }) + leave.map({ ($0, false) }) {
            let bytes = Array(line.utf8)
            let found = bytes.withUnsafeBufferPointer { buffer in
                ZoneFile.PlainLine.record(buffer, origin: origin, defaultTTL: 300) != nil
            }
            #expect(found == expected, "\(line)")
        }
    }
}
