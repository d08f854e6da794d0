import DNSWire
import Route53Model
import Testing
import ZoneText

@Suite("Zone-file import")
struct ZoneImportTests {
    static let zoneText = """
    $ORIGIN example.test.
    $TTL 300
    @    IN SOA ns.other.net. admin.other.net. 7 7200 900 1209600 60
    @    IN NS  ns.other.net.
    @    IN A   192.0.2.1
    WWW  IN A   192.0.2.2
    www  IN A   192.0.2.3
    www  IN TXT "hello"
    sub  IN NS  ns.sub
    ns.sub IN A 192.0.2.53
    """

    func baseZone() throws -> HostedZone {
        try HostedZoneFactory.makeZone(name: try DomainName("example.test."), callerReference: "r", id: "ZEXAMPLE", seed: 1)
    }

    @Test("The file's apex SOA and NS are dropped; records group into lower-cased record sets")
    func importGroups() throws {
        let records = try ZoneFile.parse(text: Self.zoneText, origin: try DomainName("example.test."))
        let zone = try HostedZoneFactory.importZoneFile(records: records, into: try baseZone())
        let base = try baseZone()
        #expect(Array(zone.recordSets.prefix(2)) == base.recordSets)
        let imported = zone.recordSets.dropFirst(2).map { "\($0.name) \($0.type) \($0.ttl ?? 0) \($0.records.map(\.text))" }
        #expect(imported == [
            "example.test. A 300 [\"192.0.2.1\"]",
            "www.example.test. A 300 [\"192.0.2.2\", \"192.0.2.3\"]",
            "www.example.test. TXT 300 [\"\\\"hello\\\"\"]",
            "sub.example.test. NS 300 [\"ns.sub.example.test.\"]",
            "ns.sub.example.test. A 300 [\"192.0.2.53\"]",
        ])
    }

    @Test("Imported data is validated with the same rules, errors naming owner and type")
    func importValidates() throws {
        let text = """
        $ORIGIN example.test.
        www  300 IN CNAME elsewhere.example.net.
        www  300 IN A 192.0.2.1
        """
        let records = try ZoneFile.parse(text: text, origin: try DomainName("example.test."))
        let error = #expect(throws: Route53Error.self) {
            _ = try HostedZoneFactory.importZoneFile(records: records, into: try baseZone())
        }
        #expect(error?.messages == ["RRSet of type A with DNS name www.example.test. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.test."])
    }
}
