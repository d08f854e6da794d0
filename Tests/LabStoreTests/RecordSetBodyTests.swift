import DNSWire
import Foundation
@testable import LabStore
import Route53Model
import Testing

/// The fast `record_set.body` codec (issue 6, scale) must write exactly what the JSONEncoder path
/// writes, read back the same set, and hand everything else to the general path.
@Suite("RecordSetBody")
struct RecordSetBodyTests {
    /// Every Route 53 type's values, every routing policy, with and without a health check.
    static var sets: [ResourceRecordSet] {
        get throws {
            var sets: [ResourceRecordSet] = []
            for (type, values) in StoreFixtures.valuesByType {
                sets.append(try StoreFixtures.set("\(type.description.lowercased()).example.test.", type, values))
            }
            for (index, (_, policy)) in StoreFixtures.policies.enumerated() {
                sets.append(try StoreFixtures.set("p\(index).example.test.", id: "set-\(index)", routing: policy,
                                                  healthCheckId: index.isMultiple(of: 2) ? "web-primary" : nil))
            }
            sets.append(try StoreFixtures.set("slash.example.test.", .txt, [#""a/b" "c\\d""#, #""x/y""#]))
            sets.append(ResourceRecordSet(name: StoreFixtures.name("nottl.example.test."), type: .a))
            sets.append(ResourceRecordSet(name: StoreFixtures.name("odd.example.test."), type: .txt, ttl: 0,
                                          records: [RecordValue(text: "\u{1}tab\there \"q\" é", rdata: [0, 1, 2, 3, 255])]))
            sets.append(ResourceRecordSet(name: StoreFixtures.name("alias.example.test."), type: .a,
                                          aliasTarget: AliasTarget(hostedZoneId: "Z1", dnsName: StoreFixtures.name("a.example.test."),
                                                                   evaluateTargetHealth: true)))
            for length in 0...5 {
                sets.append(ResourceRecordSet(name: StoreFixtures.name("b\(length).example.test."), type: .txt, ttl: 4_294_967_295,
                                              records: [RecordValue(text: "t\(length)", rdata: (0..<length).map { UInt8(250 - $0) })]))
            }
            return sets
        }
    }

    @Test("writes byte for byte what JSONEncoder writes, and reads back the same set")
    func sameTextAndRoundTrip() throws {
        for set in try Self.sets {
            let general = try RowCoding.encode(RecordSetDTO(set))
            #expect(try RecordSetBody.encode(set) == general, "\(set.name) \(set.type)")
            let decoded = try RecordSetBody.decode(general, name: set.name, type: set.type, setIdentifier: set.setIdentifier)
            #expect(decoded == set, "\(set.name) \(set.type)")
        }
    }

    @Test("sets outside the fast path use the general path", arguments: [
        "alias", "latency", "geolocation", "control character", "non-ASCII text",
    ])
    func generalPath(_ label: String) throws {
        let name = StoreFixtures.name("x.example.test.")
        let value = RecordValue(text: "1", rdata: [1])
        let set = switch label {
        case "alias": ResourceRecordSet(name: name, type: .a, aliasTarget: AliasTarget(hostedZoneId: "Z1", dnsName: name, evaluateTargetHealth: false))
        case "latency": ResourceRecordSet(name: name, type: .a, ttl: 1, records: [value], setIdentifier: "l", routing: .latency(region: "eu-west-1"))
        case "geolocation": ResourceRecordSet(name: name, type: .a, ttl: 1, records: [value], setIdentifier: "g",
                                              routing: .geolocation(GeoLocation(countryCode: "*")))
        case "control character": ResourceRecordSet(name: name, type: .txt, ttl: 1, records: [RecordValue(text: "\"\t\"", rdata: [1, 9])])
        default: ResourceRecordSet(name: name, type: .txt, ttl: 1, records: [RecordValue(text: "\"é\"", rdata: [2, 195, 169])])
        }
        #expect(RecordSetBody.fastText(set) == nil)
        #expect(try RecordSetBody.encode(set) == (try RowCoding.encode(RecordSetDTO(set))))
    }

    @Test("bodies in another layout (an older or hand-edited row) still decode", arguments: [
        #"{"ttl":60,"records":[{"text":"192.0.2.1","rdata":"wAACAQ=="}],"routing":{"kind":"simple"}}"#,
        #"{ "records": [ { "rdata": "wAACAQ==", "text": "192.0.2.1" } ], "routing": { "kind": "simple" }, "ttl": 60 }"#,
        #"{"records":[{"rdata":"wAACAQ==","text":"192.0.2.1"}],"routing":{"kind":"simple"},"ttl":60}"#,
    ])
    func otherLayouts(_ body: String) throws {
        let name = StoreFixtures.name("x.example.test.")
        let set = try RecordSetBody.decode(body, name: name, type: .a, setIdentifier: nil)
        #expect(set == ResourceRecordSet(name: name, type: .a, ttl: 60, records: [RecordValue(text: "192.0.2.1", rdata: [192, 0, 2, 1])]))
    }

    @Test("base64 round-trips every length and rejects malformed text", arguments: [
        ("", true), ("AA==", true), ("AAA=", true), ("AAAA", true), ("A===", false), ("AA=A", false), ("AAA", false), ("AA*A", false),
    ])
    func base64(_ text: String, valid: Bool) {
        let decoded = Array(text.utf8).withUnsafeBufferPointer { Base64.decode($0) }
        #expect((decoded != nil) == valid)
        if let decoded {
            var out: [UInt8] = []
            Base64.append(decoded, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == text)
            #expect(Data(decoded).base64EncodedString() == text)
        }
    }
}
