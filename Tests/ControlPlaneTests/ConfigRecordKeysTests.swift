@testable import ControlPlane
import DNSWire
import Route53Model
import Testing

/// The config's record-set keys kept per config zone (issue 4 item 4), stored as hashes since
/// issue 6; databases written with one text line per key are still read.
@Suite("ConfigRecordKeys")
struct ConfigRecordKeysTests {
    static func set(_ name: String, _ type: String, id: String? = nil) throws -> ResourceRecordSet {
        var fields = RecordSetFields(name: name, type: type, ttl: 60, values: [type == "A" ? "192.0.2.1" : "\"x\""])
        fields.setIdentifier = id
        if id != nil { fields.routing = .weighted(weight: 1) }
        return try RecordSetText.recordSet(fields)
    }

    @Test("both formats hold exactly the sets written, by name (any case), type and SetIdentifier")
    func formats() throws {
        let seeded = [try Self.set("a.seed.test.", "A"), try Self.set("b.seed.test.", "A", id: "one")]
        let others = [try Self.set("a.seed.test.", "TXT"), try Self.set("b.seed.test.", "A", id: "two"),
                      try Self.set("b.seed.test.", "A"), try Self.set("c.seed.test.", "A")]
        let legacy = "a.seed.test. 1 \nb.seed.test. 1 one"
        for text in [ConfigRecordKeys.text(of: seeded), legacy] {
            let keys = ConfigRecordKeys(stored: text)
            #expect(try keys.contains(Self.set("A.Seed.Test.", "A")), "\(text)")
            for set in seeded { #expect(keys.contains(set), "\(text)") }
            for set in others { #expect(!keys.contains(set), "\(text)") }
        }
        #expect(ConfigRecordKeys.text(of: seeded).utf8.count == 2 + 16 * seeded.count)
    }
}
