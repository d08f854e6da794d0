import DNSWire
import Foundation
import Testing
@testable import ZoneText

@Suite("ZoneFile")
struct ZoneFileTests {
    @Test("reads every RR-06 type with directives, relative names, @, blank owners and parentheses")
    func readsExampleZone() throws {
        let records = try ZoneFile.parse(text: exampleZone, origin: nil)
        #expect(records.map(RecordText.format) == exampleZoneLines)
        #expect(Set(records.map(\.type)) == Set(RRType.route53Types))
    }

    @Test("owner names keep the case they were written in")
    func keepsCase() throws {
        let records = try ZoneFile.parse(text: exampleZone, origin: nil)
        let www = try #require(records.first { $0.type == .aaaa })
        #expect(www.name.wire == [3] + Array("WWW".utf8) + nameWire("example.com"))
        #expect(www.name == name("www.example.com"))
    }

    @Test("the origin and default TTL parameters apply until $ORIGIN and $TTL")
    func parameters() throws {
        let text = "www IN A 192.0.2.1\n$TTL 60\nmail IN A 192.0.2.2\n"
        let records = try ZoneFile.parse(text: text, origin: name("example.org"), defaultTTL: 86400)
        #expect(records == [
            ResourceRecord(name: name("www.example.org"), type: .a, ttl: 86400, rdata: hexBytes("c0000201")),
            ResourceRecord(name: name("mail.example.org"), type: .a, ttl: 60, rdata: hexBytes("c0000202")),
        ])
    }

    @Test("without an origin, names are relative to the root, as in Route 53 values (RR-06)")
    func nilOriginIsRoot() throws {
        let records = try ZoneFile.parse(text: "www 300 IN CNAME target\n", origin: nil)
        #expect(records == [ResourceRecord(name: name("www"), type: .cname, ttl: 300, rdata: nameWire("target"))])
    }

    @Test("a last record without a final newline is read")
    func noFinalNewline() throws {
        let records = try ZoneFile.parse(text: "a.example. 1 IN A 192.0.2.1\nb.example. 2 IN A 192.0.2.2", origin: nil)
        #expect(records.map(\.ttl) == [1, 2])
    }

    @Test("CRLF line endings read like LF, with the same line numbers")
    func crlf() throws {
        let good = "$ORIGIN example.com.\r\nwww IN A 192.0.2.1\r\n  IN TXT \"x\"\r\n"
        #expect(try ZoneFile.parse(text: good, origin: nil).map(RecordText.format)
            == ["www.example.com.\t3600\tIN\tA\t192.0.2.1", "www.example.com.\t3600\tIN\tTXT\t\"x\""])
        #expect(throws: ZoneTextError(file: "<text>", line: 4, text: "bad IN A 192.0.2",
                                      message: "Syntax error, could not parse the RR's rdata")) {
            try ZoneFile.parse(text: good + "bad IN A 192.0.2\r\n", origin: nil)
        }
    }

    @Test("empty text and text of only comments give no records")
    func emptyText() throws {
        #expect(try ZoneFile.parse(text: "", origin: nil).isEmpty)
        #expect(try ZoneFile.parse(text: "; nothing\n\n   ; here", origin: nil).isEmpty)
    }

    @Test("a syntax error names the file, the 1-based line and the record")
    func syntaxErrorLine() {
        do {
            _ = try ZoneFile.parse(text: brokenZone, origin: nil, fileName: "db.example")
            Issue.record("the broken zone was accepted")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.file == "db.example")
            #expect(error.line == 9)
            #expect(error.text == "www IN A 300.1.1.1")
            #expect(error.description == #"db.example:9: syntax error in "www IN A 300.1.1.1": Syntax error, could not parse the RR's rdata"#)
        }
    }

    /// A zone that must be rejected, the line the error must name and words its message must contain.
    struct BadZone: CustomTestStringConvertible, Sendable {
        let text: String
        let line: Int
        let kind: ZoneTextError.Kind
        let words: String
        var testDescription: String { words }
    }

    static let badZones: [BadZone] = [
        BadZone(text: "$ORIGIN example.com.\n\nwww CH A 192.0.2.1\n", line: 3, kind: .unsupported, words: "class CH"),
        BadZone(text: "$ORIGIN example.com.\n$INCLUDE other.zone\n", line: 2, kind: .unsupported, words: "$INCLUDE"),
        BadZone(text: "$ORIGIN example.com.\n@ IN MX 70000 mail\n", line: 2, kind: .syntax, words: "out of range 0…65535"),
        BadZone(text: "$ORIGIN example.com.\n@ IN MX -1 mail\n", line: 2, kind: .syntax, words: "not an unsigned integer"),
        BadZone(text: "$ORIGIN example.com.\nwww 4294967296 IN A 192.0.2.1\n", line: 2, kind: .syntax, words: "TTL"),
        BadZone(text: "$ORIGIN example.com.\n@ IN TXT \"open\n", line: 2, kind: .syntax, words: "unterminated"),
        BadZone(text: "$ORIGIN example.com.\n\n; c\nsub IN DS 1 13 2 (\n abc )\n", line: 4, kind: .syntax, words: "hex digits"),
        BadZone(text: "$ORIGIN example.com.\n@ IN SOA ns1 host ( 1 2\n 3 4 )\n", line: 2, kind: .syntax, words: "Syntax error"),
        BadZone(text: "$ORIGIN example.com.\nwww IN A 192.0.2.1\u{0}\n", line: 2, kind: .syntax, words: "NUL"),
    ]

    @Test("rejected zones name the offending line", arguments: badZones)
    func rejects(zone: BadZone) {
        do {
            _ = try ZoneFile.parse(text: zone.text, origin: nil, fileName: "z")
            Issue.record("accepted: \(zone.text)")
        } catch {
            #expect(error.kind == zone.kind)
            #expect(error.file == "z")
            #expect(error.line == zone.line)
            #expect(error.description.contains(zone.words), "\(error)")
            #expect(error.description.hasPrefix("z:\(zone.line): "))
        }
    }

    @Test("export reads back to the same records")
    func exportRoundTrip() throws {
        let records = try ZoneFile.parse(text: exampleZone, origin: nil)
        let text = ZoneFile.export(records: records, origin: name("example.com"))
        #expect(text.hasPrefix("$ORIGIN example.com.\n"))
        #expect(text.split(separator: "\n").count == records.count + 1)
        #expect(try ZoneFile.parse(text: text, origin: nil) == records)
        #expect(ZoneFile.export(records: records, origin: nil).split(separator: "\n").map(String.init) == exampleZoneLines)
    }

    @Test("read(path:) reads a file and names it in errors")
    func readsFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zonetext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("db.example").path
        let bad = directory.appendingPathComponent("db.broken").path
        try exampleZone.write(toFile: good, atomically: true, encoding: .utf8)
        try brokenZone.write(toFile: bad, atomically: true, encoding: .utf8)

        #expect(try ZoneFile.read(path: good, origin: nil) == ZoneFile.parse(text: exampleZone, origin: nil))
        #expect(throws: ZoneTextError(file: bad, line: 9, text: "www IN A 300.1.1.1",
                                      message: "Syntax error, could not parse the RR's rdata")) {
            try ZoneFile.read(path: bad, origin: nil)
        }
        let missing = directory.appendingPathComponent("absent").path
        #expect(throws: ZoneTextError(kind: .io, file: missing, text: missing, message: "No such file or directory")) {
            try ZoneFile.read(path: missing, origin: nil)
        }
    }
}
