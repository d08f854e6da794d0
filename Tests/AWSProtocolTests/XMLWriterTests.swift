import AWSProtocol
import Testing

@Suite("XMLWriter (API-01, API-04)")
struct XMLWriterTests {
    @Test("a small response comes out byte for byte")
    func exactDocument() {
        let comment: String? = nil
        let writer = XMLWriter.document("GetChangeResponse") { w in
            w.element("ChangeInfo") { w in
                w.leaf("Id", "/change/C0EXAMPLECHANGE01")
                w.leaf("Status", "INSYNC")
                w.leaf("SubmittedAt", "2024-05-01T12:00:00.000Z")
                w.optionalLeaf("Comment", comment)
            }
        }
        #expect(writer.string == """
            <?xml version="1.0" encoding="UTF-8"?>
            <GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo>\
            <Id>/change/C0EXAMPLECHANGE01</Id><Status>INSYNC</Status><SubmittedAt>2024-05-01T12:00:00.000Z</SubmittedAt>\
            </ChangeInfo></GetChangeResponse>
            """)
        #expect(writer.bytes == Array(writer.string.utf8))
    }

    @Test("booleans, integers, optionals, empty lists and other namespaces")
    func leafKinds() {
        let writer = XMLWriter.document("ErrorResponse", namespace: nil) { w in
            w.leaf("PrivateZone", false)
            w.leaf("ResourceRecordSetCount", 2)
            w.optionalLeaf("Weight", Int?.none)
            w.optionalLeaf("TTL", Int64?(60))
            w.optionalLeaf("Inverted", Bool?(true))
            w.optionalLeaf("Comment", "")
            w.element("HealthChecks") { _ in }
            w.emptyElement("Marker")
            w.element("Tag", attributes: [("k", "a\"b")]) { w in w.text("t") }
        }
        #expect(writer.string == #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + "<ErrorResponse><PrivateZone>false</PrivateZone><ResourceRecordSetCount>2</ResourceRecordSetCount>"
            + "<TTL>60</TTL><Inverted>true</Inverted><Comment></Comment><HealthChecks></HealthChecks><Marker/>"
            + #"<Tag k="a&quot;b">t</Tag></ErrorResponse>"#)
    }

    struct EscapeRow: Sendable, CustomTestStringConvertible {
        let input: String
        let text: String
        let attribute: String
        var testDescription: String { input.debugDescription }
    }

    static let escapeRows: [EscapeRow] = [
        EscapeRow(input: "plain", text: "plain", attribute: "plain"),
        EscapeRow(input: "a & b", text: "a &amp; b", attribute: "a &amp; b"),
        EscapeRow(input: "<x>", text: "&lt;x&gt;", attribute: "&lt;x&gt;"),
        EscapeRow(input: "\"v=spf1\" 'q'", text: "&quot;v=spf1&quot; &apos;q&apos;", attribute: "&quot;v=spf1&quot; &apos;q&apos;"),
        EscapeRow(input: "\\052.lab.test.", text: "\\052.lab.test.", attribute: "\\052.lab.test."),
        EscapeRow(input: "tab\there\nline", text: "tab\there\nline", attribute: "tab&#x9;here&#xA;line"),
        EscapeRow(input: "cr\r\n", text: "cr&#xD;\n", attribute: "cr&#xD;&#xA;"),
        EscapeRow(input: "nul\u{0}bell\u{7}esc\u{1B}", text: "nul\u{FFFD}bell\u{FFFD}esc\u{FFFD}",
                  attribute: "nul\u{FFFD}bell\u{FFFD}esc\u{FFFD}"),
        EscapeRow(input: "\u{FFFE}\u{FFFF}", text: "\u{FFFD}\u{FFFD}", attribute: "\u{FFFD}\u{FFFD}"),
        EscapeRow(input: "caf\u{E9} \u{1F600} \u{7F}", text: "caf\u{E9} \u{1F600} \u{7F}", attribute: "caf\u{E9} \u{1F600} \u{7F}"),
    ]

    @Test("escaping", arguments: escapeRows)
    func escaping(row: EscapeRow) {
        #expect(XMLEscaping.escapeText(row.input) == row.text)
        #expect(XMLEscaping.escapeAttribute(row.input) == row.attribute)
    }

    @Test("what the writer escapes, the reader reads back", arguments: escapeRows)
    func roundTrip(row: EscapeRow) throws {
        let writer = XMLWriter.document("R") { w in
            w.element("E", attributes: [("a", row.input)]) { w in w.text(row.input) }
        }
        let node = try XMLDocumentReader().read(writer.bytes)
        let expected = String(String.UnicodeScalarView(row.input.unicodeScalars.map {
            XMLEscaping.isXMLCharacter($0) ? $0 : "\u{FFFD}"
        }))
        #expect(node.child("E")?.text == expected)
        #expect(node.child("E")?.attributes["a"] == expected)
    }
}
