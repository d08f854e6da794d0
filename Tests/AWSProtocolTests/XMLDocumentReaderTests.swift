import AWSProtocol
import Foundation
import Testing

@Suite("XMLDocumentReader: Route 53 request shapes (API-01, §6.3)")
struct XMLDocumentReaderShapeTests {
    let reader = XMLDocumentReader()

    static let changeBatch = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
          <ChangeBatch>
            <Comment>optional, ≤256</Comment>
            <Changes>
              <Change>
                <Action>UPSERT</Action>
                <ResourceRecordSet>
                  <Name>www.lab.test.</Name>
                  <Type>A</Type>
                  <SetIdentifier>blue</SetIdentifier>
                  <Weight>10</Weight>
                  <TTL>60</TTL>
                  <ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords>
                  <HealthCheckId>af9adf07-fe0c-47f7-8091-6f23bb79ddc3</HealthCheckId>
                </ResourceRecordSet>
              </Change>
              <Change>
                <Action>CREATE</Action>
                <ResourceRecordSet>
                  <Name>apex.lab.test.</Name>
                  <Type>A</Type>
                  <AliasTarget><HostedZoneId>Z0EXAMPLE11</HostedZoneId><DNSName>blue.lab.test.</DNSName>
                    <EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget>
                </ResourceRecordSet>
              </Change>
            </Changes>
          </ChangeBatch>
        </ChangeResourceRecordSetsRequest>
        """

    @Test("ChangeResourceRecordSetsRequest with a weighted set and an alias")
    func changeBatch() throws {
        let root = try reader.read(Array(Self.changeBatch.utf8))
        #expect(root.name == "ChangeResourceRecordSetsRequest")
        #expect(root.attributes.isEmpty) // xmlns is a declaration, not an attribute
        let batch = try #require(root.child("ChangeBatch"))
        #expect(batch.childText("Comment") == "optional, ≤256")
        let changes = try #require(batch.child("Changes")).children("Change")
        #expect(changes.count == 2)

        #expect(changes[0].childText("Action") == "UPSERT")
        let weighted = try #require(changes[0].child("ResourceRecordSet"))
        #expect(weighted.children.map(\.name) == ["Name", "Type", "SetIdentifier", "Weight", "TTL", "ResourceRecords", "HealthCheckId"])
        #expect(weighted.childText("Name") == "www.lab.test.")
        #expect(weighted.childText("Weight") == "10")
        #expect(weighted.childText("TTL") == "60")
        let values = weighted.descendant("ResourceRecords")?.children("ResourceRecord").compactMap { $0.childText("Value") }
        #expect(values == ["192.0.2.10"])
        #expect(weighted.childText("HealthCheckId") == "af9adf07-fe0c-47f7-8091-6f23bb79ddc3")

        let alias = try #require(changes[1].descendant("ResourceRecordSet", "AliasTarget"))
        #expect(alias.childText("HostedZoneId") == "Z0EXAMPLE11")
        #expect(alias.childText("DNSName") == "blue.lab.test.")
        #expect(alias.childText("EvaluateTargetHealth", trimmed: true) == "true")
        #expect(changes[1].child("ResourceRecordSet")?.child("TTL") == nil)
    }

    @Test("CreateHostedZoneRequest and CreateHealthCheckRequest")
    func createRequests() throws {
        let zone = try reader.read(Array("""
            <CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Name>lab.test</Name>\
            <CallerReference>ref-001</CallerReference><HostedZoneConfig><Comment>demo</Comment>\
            <PrivateZone>false</PrivateZone></HostedZoneConfig></CreateHostedZoneRequest>
            """.utf8))
        #expect(zone.childText("Name") == "lab.test")
        #expect(zone.childText("CallerReference") == "ref-001")
        #expect(zone.descendant("HostedZoneConfig", "PrivateZone")?.text == "false")
        #expect(zone.child("DelegationSetId") == nil)

        let check = try reader.read(Array("""
            <CreateHealthCheckRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <CallerReference>hc-001</CallerReference>
              <HealthCheckConfig><IPAddress>192.0.2.10</IPAddress><Port>80</Port><Type>HTTP</Type>
                <ResourcePath>/health?x=1&amp;y=2</ResourcePath><Regions><Region>us-east-1</Region><Region>eu-west-1</Region></Regions>
              </HealthCheckConfig>
            </CreateHealthCheckRequest>
            """.utf8))
        let config = try #require(check.child("HealthCheckConfig"))
        #expect(config.childText("ResourcePath") == "/health?x=1&y=2")
        #expect(config.child("Regions")?.children("Region").map(\.text) == ["us-east-1", "eu-west-1"])
    }

    @Test("namespace prefixes are ignored, declared or not (API-01)")
    func namespacePrefixes() throws {
        let plain = try reader.read(Array("""
            <ChangeTagsForResourceRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">\
            <AddTags><Tag><Key>Name</Key><Value>web</Value></Tag></AddTags></ChangeTagsForResourceRequest>
            """.utf8))
        let declared = try reader.read(Array("""
            <r:ChangeTagsForResourceRequest xmlns:r="https://route53.amazonaws.com/doc/2013-04-01/">\
            <r:AddTags><r:Tag><r:Key>Name</r:Key><Value>web</Value></r:Tag></r:AddTags></r:ChangeTagsForResourceRequest>
            """.utf8))
        let undeclared = try reader.read(Array("""
            <r:ChangeTagsForResourceRequest><r:AddTags><r:Tag><r:Key>Name</r:Key><r:Value>web</r:Value></r:Tag>\
            </r:AddTags></r:ChangeTagsForResourceRequest>
            """.utf8))
        let relative = try reader.read(Array("""
            <ChangeTagsForResourceRequest xmlns="r53"><AddTags><Tag><Key>Name</Key><Value>web</Value></Tag>\
            </AddTags></ChangeTagsForResourceRequest>
            """.utf8))
        #expect(declared == plain)
        #expect(undeclared == plain)
        #expect(relative == plain)
    }

    @Test("attributes keep local names and drop namespace declarations")
    func attributes() throws {
        let node = try reader.read(Array(#"<A xmlns="u:x" xmlns:p="u:y" p:k="1" b="x&amp;y" k="2"/>"#.utf8))
        #expect(node.attributes == ["b": "x&y", "k": "2"])
        #expect(node.children.isEmpty && node.text.isEmpty)
    }

    struct TextRow: Sendable, CustomTestStringConvertible {
        let xml: String
        let text: String
        let trimmed: String
        var testDescription: String { xml }
    }

    static let textRows: [TextRow] = [
        TextRow(xml: "<V>a &amp; b</V>", text: "a & b", trimmed: "a & b"),
        TextRow(xml: "<V>&lt;&gt;&quot;&apos;&#x41;&#66;</V>", text: "<>\"'AB", trimmed: "<>\"'AB"),
        TextRow(xml: "<V><![CDATA[<not> &amp; markup]]></V>", text: "<not> &amp; markup", trimmed: "<not> &amp; markup"),
        TextRow(xml: "<V>x<![CDATA[]]>y</V>", text: "xy", trimmed: "xy"),
        TextRow(xml: "<V>\"v=spf1  include:x ~all\"</V>", text: "\"v=spf1  include:x ~all\"", trimmed: "\"v=spf1  include:x ~all\""),
        TextRow(xml: "<V>\n   www.lab.test.\n </V>", text: "\n   www.lab.test.\n ", trimmed: "www.lab.test."),
        TextRow(xml: "<V>a\r\nb</V>", text: "a\nb", trimmed: "a\nb"),
        TextRow(xml: "<V>caf\u{E9} \u{1F600}</V>", text: "caf\u{E9} \u{1F600}", trimmed: "caf\u{E9} \u{1F600}"),
        TextRow(xml: "<V>   </V>", text: "   ", trimmed: ""),
        TextRow(xml: "<V/>", text: "", trimmed: ""),
        TextRow(xml: "<V>a<Child>inner</Child>b</V>", text: "ab", trimmed: "ab"),
    ]

    @Test("text: entities, CDATA and white space", arguments: textRows)
    func text(row: TextRow) throws {
        let node = try reader.read(Array(row.xml.utf8))
        #expect(node.text == row.text)
        #expect(node.trimmedText == row.trimmed)
    }

    @Test("Data input, BOM and XML declaration")
    func dataInput() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"<?xml version="1.0" encoding="utf-8"?><A><B>1</B></A>"#.utf8)
        let node = try reader.read(Data(bytes))
        #expect(node == XMLNode(name: "A", children: [XMLNode(name: "B", text: "1")]))
    }

    @Test("parsing from many tasks at once")
    func concurrent() async throws {
        let body = Array(Self.changeBatch.utf8)
        let expected = try reader.read(body)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<50 where try XMLDocumentReader().read(body) != expected { return false }
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    @Test("32 levels are accepted, 33 are not")
    func depthLimit() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)).utf8)
        }
        var node = try reader.read(nested(32))
        var depth = 1
        while let next = node.children.first {
            node = next
            depth += 1
        }
        #expect(depth == 32)
        let error = #expect(throws: XMLReadError.self) { try reader.read(nested(33)) }
        #expect(error?.kind == .tooDeep)
        #expect(error?.message == "Element nesting exceeds the maximum depth of 32.")
        #expect(error?.line == 1)
    }
}

@Suite("XMLDocumentReader: refusals")
struct XMLDocumentReaderErrorTests {
    struct ErrorRow: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let kind: XMLReadError.Kind
        let line: Int
        let message: String
        var testDescription: String { name }

        init(name: String, xml: String, kind: XMLReadError.Kind, line: Int, message: String) {
            self.init(name: name, bytes: Array(xml.utf8), kind: kind, line: line, message: message)
        }

        init(name: String, bytes: [UInt8], kind: XMLReadError.Kind, line: Int, message: String) {
            self.name = name
            self.bytes = bytes
            self.kind = kind
            self.line = line
            self.message = message
        }
    }

    static let rows: [ErrorRow] = [
        ErrorRow(name: "empty body", xml: "", kind: .empty, line: 1, message: "Premature end of file."),
        ErrorRow(name: "white space only", xml: "  \n\t\n", kind: .empty, line: 3, message: "Premature end of file."),
        ErrorRow(name: "declaration and comment only", xml: "<?xml version=\"1.0\"?>\n<!-- nothing -->\n",
                 kind: .empty, line: 3, message: "Premature end of file."),
        ErrorRow(name: "text instead of a root", xml: "Name=lab.test", kind: .notWellFormed, line: 1,
                 message: "Content is not allowed in prolog."),
        ErrorRow(name: "mismatched end tag", xml: "<A>\n  <B>x</A>", kind: .notWellFormed, line: 2,
                 message: "The element type \"B\" must be terminated by the matching end-tag \"</B>\"."),
        ErrorRow(name: "unclosed root", xml: "<A>\n<B>x</B>\n", kind: .notWellFormed, line: 2,
                 message: "XML document structures must start and end within the same entity."),
        ErrorRow(name: "only a start tag", xml: "<A>", kind: .notWellFormed, line: 1,
                 message: "XML document structures must start and end within the same entity."),
        ErrorRow(name: "truncated in a tag", xml: "<A><B>x</B><B", kind: .notWellFormed, line: 1,
                 message: "XML document structures must start and end within the same entity."),
        ErrorRow(name: "unfinished end tag", xml: "<A>x</A", kind: .notWellFormed, line: 1,
                 message: "XML document structures must start and end within the same entity."),
        ErrorRow(name: "unfinished tag in the middle", xml: "<A><B x='1'\n</A>", kind: .notWellFormed, line: 2,
                 message: "A name was expected here; a literal '&' or '<' must be written as '&amp;' or '&lt;'."),
        ErrorRow(name: "unquoted attribute", xml: "<A x=1/>", kind: .notWellFormed, line: 1,
                 message: "An attribute value must be enclosed in quotes."),
        ErrorRow(name: "CDATA end in content", xml: "<A>]]></A>", kind: .notWellFormed, line: 1,
                 message: "The character sequence \"]]>\" must not appear in content unless used to mark the end of a CDATA section."),
        ErrorRow(name: "unfinished comment", xml: "<A><!-- x", kind: .notWellFormed, line: 1,
                 message: "XML document structures must start and end within the same entity."),
        ErrorRow(name: "second root", xml: "<A/>\n<B/>", kind: .notWellFormed, line: 2,
                 message: "Content is not allowed in trailing section."),
        ErrorRow(name: "trailing text", xml: "<A/>junk", kind: .notWellFormed, line: 1,
                 message: "Content is not allowed in trailing section."),
        ErrorRow(name: "undeclared entity", xml: "<A>\n\n <B>&bogus;</B></A>", kind: .notWellFormed, line: 3,
                 message: "The entity \"bogus\" was referenced, but not declared."),
        ErrorRow(name: "bare ampersand", xml: "<A>a & b</A>", kind: .notWellFormed, line: 1,
                 message: "A name was expected here; a literal '&' or '<' must be written as '&amp;' or '&lt;'."),
        ErrorRow(name: "control character", xml: "<A>\u{1}</A>", kind: .notWellFormed, line: 1,
                 message: "An invalid XML character was found in the element content of the document."),
        ErrorRow(name: "character reference to NUL", xml: "<A>&#0;</A>", kind: .notWellFormed, line: 1,
                 message: "An invalid XML character was found in the element content of the document."),
        ErrorRow(name: "repeated attribute", xml: "<A a='1' a='2'/>", kind: .notWellFormed, line: 1,
                 message: "An attribute was specified more than once for the same element."),
        ErrorRow(name: "DOCTYPE with internal entities (billion laughs)",
                 xml: """
                     <?xml version="1.0"?>
                     <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                     <lolz>&lol2;</lolz>
                     """,
                 kind: .doctypeForbidden, line: 2,
                 message: "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true."),
        ErrorRow(name: "DOCTYPE with an external entity (XXE)",
                 xml: "<!-- c -->\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
                 kind: .doctypeForbidden, line: 2,
                 message: "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true."),
        ErrorRow(name: "DOCTYPE after the root", xml: "<A>ok</A>\n<!DOCTYPE A>", kind: .notWellFormed, line: 2,
                 message: "Content is not allowed in trailing section."),
        ErrorRow(name: "UTF-16 byte order mark", bytes: [0xFE, 0xFF, 0, 0x3C, 0, 0x41, 0, 0x2F, 0, 0x3E],
                 kind: .unsupportedEncoding, line: 1, message: "Only UTF-8 request bodies are accepted."),
        ErrorRow(name: "UTF-16 without a byte order mark", bytes: [0, 0x3C, 0, 0x41, 0, 0x2F, 0, 0x3E],
                 kind: .unsupportedEncoding, line: 1,
                 message: "An invalid XML character (Unicode: 0x0) was found; only UTF-8 request bodies are accepted."),
        ErrorRow(name: "declared UTF-7", xml: "<?xml version=\"1.0\" encoding=\"UTF-7\"?><A/>", kind: .unsupportedEncoding,
                 line: 1, message: "Encoding \"UTF-7\" is not supported; send UTF-8."),
    ]

    @Test("malformed or refused bodies", arguments: rows)
    func refused(row: ErrorRow) {
        let error = #expect(throws: XMLReadError.self) { try XMLDocumentReader().read(row.bytes) }
        #expect(error?.kind == row.kind)
        #expect(error?.line == row.line)
        #expect(error?.message == row.message)
        #expect(error?.awsMessage == "Invalid XML ; " + row.message)
    }

    @Test("an error reports line and column")
    func position() {
        let error = #expect(throws: XMLReadError.self) {
            try XMLDocumentReader().read(Array("<A>\n  <B>x</C>\n</A>".utf8))
        }
        #expect(error?.line == 2)
        #expect((error?.column ?? 0) > 1)
        #expect(error?.description.hasPrefix("line 2, column ") == true)
    }

    @Test("element count and size limits")
    func limits() {
        let many = Array(("<A>" + String(repeating: "<B/>", count: 10) + "</A>").utf8)
        #expect(throws: Never.self) { try XMLDocumentReader(limits: .init(maxElements: 11)).read(many) }
        let tooMany = #expect(throws: XMLReadError.self) {
            try XMLDocumentReader(limits: .init(maxElements: 10)).read(many)
        }
        #expect(tooMany?.kind == .tooManyElements)
        #expect(tooMany?.message == "The document has more than 10 elements.")

        let tooLarge = #expect(throws: XMLReadError.self) {
            try XMLDocumentReader(limits: .init(maxBytes: 16)).read(Array("<A>seventeen.</A>".utf8))
        }
        #expect(tooLarge?.kind == .tooLarge)
        #expect(tooLarge?.message == "The request body is larger than 16 bytes.")
    }

    @Test("a large batch parses within the default limits")
    func largeBatch() throws {
        let change = "<Change><Action>CREATE</Action><ResourceRecordSet><Name>n.lab.test.</Name><Type>A</Type><TTL>60</TTL>"
            + "<ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"
        let xml = "<ChangeResourceRecordSetsRequest><ChangeBatch><Changes>" + String(repeating: change, count: 1000)
            + "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>"
        let root = try XMLDocumentReader().read(Array(xml.utf8))
        #expect(root.descendant("ChangeBatch", "Changes")?.children("Change").count == 1000)
    }
}
