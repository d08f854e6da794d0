import DNSWire
import Testing

@Suite("DomainName")
struct DomainNameTests {
    struct TextRow: Sendable, CustomTestStringConvertible {
        let text: String
        let radix: Int
        let wire: [UInt8]
        var testDescription: String { "\(text) (radix \(radix))" }
    }

    static let textRows: [TextRow] = [
        TextRow(text: ".", radix: 10, wire: [0]),
        TextRow(text: "", radix: 10, wire: [0]),
        TextRow(text: "com", radix: 10, wire: [3, 99, 111, 109, 0]),
        TextRow(text: "com.", radix: 10, wire: [3, 99, 111, 109, 0]),
        TextRow(text: "a.B", radix: 10, wire: [1, 97, 1, 66, 0]),
        TextRow(text: "a\\.b.c", radix: 10, wire: [3, 97, 46, 98, 1, 99, 0]),
        TextRow(text: "\\\\x", radix: 10, wire: [2, 92, 120, 0]),
        // RFC 1035 §5.1: \DDD is decimal in zone files, so \042 is '*' only in octal.
        TextRow(text: "\\042.example", radix: 10, wire: [1, 42] + [7] + Array("example".utf8) + [0]),
        // RR-02: Route 53 API input uses octal, \052 is '*'.
        TextRow(text: "\\052.example", radix: 8, wire: [1, 42] + [7] + Array("example".utf8) + [0]),
        TextRow(text: "\\255\\000.x", radix: 10, wire: [2, 255, 0, 1, 120, 0]),
        TextRow(text: "\\377.x", radix: 8, wire: [1, 255, 1, 120, 0]),
    ]

    @Test(arguments: textRows)
    func parsesPresentationFormat(_ row: TextRow) throws {
        #expect(try DomainName(row.text, escapeRadix: row.radix).wire == row.wire)
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        let text: String
        let radix: Int
        let error: DomainNameError
        var testDescription: String { text }
    }

    static let badRows: [BadRow] = [
        BadRow(text: "a..b", radix: 10, error: .emptyLabel),
        BadRow(text: ".a", radix: 10, error: .emptyLabel),
        BadRow(text: String(repeating: "x", count: 64), radix: 10, error: .labelTooLong),
        BadRow(text: Array(repeating: String(repeating: "x", count: 63), count: 4).joined(separator: "."), radix: 10,
               error: .nameTooLong),
        BadRow(text: "a\\", radix: 10, error: .badEscape),
        BadRow(text: "a\\25", radix: 10, error: .badEscape),
        BadRow(text: "\\256", radix: 10, error: .badEscape),
        BadRow(text: "\\080", radix: 8, error: .badEscape),
        BadRow(text: "\\400", radix: 8, error: .badEscape),
    ]

    @Test(arguments: badRows)
    func rejectsBadText(_ row: BadRow) {
        #expect(throws: row.error) { try DomainName(row.text, escapeRadix: row.radix) }
    }

    @Test(arguments: [
        ("www.example.com.", "www.example.com."),
        (".", "."),
        ("a\\.b.example", "a\\.b.example."),
        ("\\032sp.example", "\\032sp.example."),
        ("\\(x\\).example", "\\(x\\).example."),
        ("\\127\\255.x", "\\127\\255.x."),
    ])
    func describesWithDecimalEscapes(text: String, description: String) throws {
        let name = try DomainName(text)
        #expect(name.description == description)
        #expect(try DomainName(name.description) == name, "presentation form parses back to the same name")
    }

    @Test(arguments: [
        ("*.example.com", "\\052.example.com."),          // RR-03's own example
        ("WWW.Example.COM", "www.example.com."),          // lower case on output (RR-02)
        ("a_b-c.example", "a_b-c.example."),
        ("a\\.b.example", "a\\056b.example."),
        ("\\033\\~.example", "\\041\\176.example."),
        ("\\255.example", "\\377.example."),
        (".", "."),
    ])
    func route53DescriptionUsesOctal(text: String, expected: String) throws {
        #expect(try DomainName(text).route53Description == expected)
    }

    @Test func route53DescriptionParsesBackWithOctalRadix() throws {
        let name = try DomainName("*.a\\.b.\\200x.example")
        #expect(try DomainName(name.route53Description, escapeRadix: 8) == name)
    }

    @Test func wireValidation() {
        #expect(throws: DomainNameError.truncated) { try DomainName(wire: [3, 97, 98]) }
        #expect(throws: DomainNameError.trailingBytes) { try DomainName(wire: [1, 97, 0, 0]) }
        #expect(throws: DomainNameError.labelTooLong) { try DomainName(wire: [64] + Array(repeating: 97, count: 64) + [0]) }
        #expect(throws: DomainNameError.truncated) { try DomainName(wire: []) }
        #expect((try? DomainName(wire: [1, 97, 0]))?.description == "a.")
    }

    @Test func equalityAndHashIgnoreCaseButKeepIt() throws {
        let upper = try DomainName("WWW.Example.COM")
        let lower = try DomainName("www.example.com")
        #expect(upper == lower)
        #expect(upper.hashValue == lower.hashValue)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.wire != lower.wire, "case is preserved")
        #expect(upper.lowercased().wire == lower.wire)
        #expect(try DomainName("www.example.org") != lower)
        // Only ASCII letters fold: 0xC0 and 0xE0 differ by 0x20 but are distinct bytes.
        #expect(try DomainName("\\192") != DomainName("\\224"))
    }

    @Test(arguments: [
        ("www.example.com", "example.com", true),
        ("example.com", "example.com", true),
        ("WWW.EXAMPLE.com", "example.COM", true),
        ("anything.at.all", ".", true),
        ("wwwexample.com", "example.com", false),   // suffix match but not on a label boundary
        ("xample.com", "example.com", false),
        ("example.com", "www.example.com", false),
        ("a\\.example.com", "example.com", false),    // labels "a.example" and "com"
        ("a.b\\.example.com", "example.com", false),  // labels "a", "b.example", "com"
        ("x\\.y.example.com", "example.com", true),
        ("ab.example.com", "b.example.com", false),
    ])
    func subdomainOnLabelBoundaries(name: String, of parent: String, expected: Bool) throws {
        #expect(try DomainName(name).isSubdomain(of: DomainName(parent)) == expected)
    }

    @Test func labelsParentAndWildcards() throws {
        let name = try DomainName("www.Example.com")
        #expect(name.labelCount == 3)
        #expect(name.labels.map { Array($0) } == [Array("www".utf8), Array("Example".utf8), Array("com".utf8)])
        #expect(name.parent == (try DomainName("example.com")))
        #expect(DomainName.root.parent == nil)
        #expect(name.suffix(labelCount: 1) == (try DomainName("com")))
        #expect(name.suffix(labelCount: 0) == .root)
        #expect(try DomainName("*.example.com").isWildcard)
        #expect(try !DomainName("*x.example.com").isWildcard)
        #expect(try !DomainName("a.*.example.com").isWildcard)
        #expect(try DomainName("example.com").wildcardChild == DomainName("*.example.com"))
        #expect(throws: DomainNameError.labelTooLong) {
            try DomainName.root.prepending(label: Array(repeating: 97, count: 64))
        }
    }

    /// RFC 4034 §6.1's own example list, which is in canonical order.
    @Test func canonicalOrderMatchesRFC4034() throws {
        let ordered = try [
            "example", "a.example", "yljkjljk.a.example", "Z.a.example", "zABC.a.EXAMPLE", "z.example",
            "\\001.z.example", "*.z.example", "\\200.z.example",
        ].map { try DomainName($0) }
        #expect(ordered.shuffled().sorted() == ordered)
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            #expect(earlier < later, "\(earlier) < \(later)")
            #expect(!(later < earlier))
        }
        #expect(!(ordered[0] < ordered[0]))
    }
}
