@testable import ControlPlane
import DNSWire
import Route53Model
import Testing

/// The config digest decides whether a restart or reload re-seeds a config zone (issue 4 item 4)
/// and whether a pristine zone may come back from the config (issue 6, scale): every field that
/// defines the zone must change it, and equal zones must agree.
@Suite("ZoneDigest")
struct ZoneDigestTests {
    static func base() throws -> HostedZone {
        var zone = try HostedZoneFactory.makeZone(name: try DomainName("digest.test."), callerReference: "ref", isPrivate: false,
                                                  id: "ZDIGEST", seed: 5)
        zone.recordSets += [
            try RecordSetText.recordSet(RecordSetFields(name: "www.digest.test.", type: "A", ttl: 60, values: ["192.0.2.1", "192.0.2.2"])),
            try RecordSetText.recordSet(RecordSetFields(name: "txt.digest.test.", type: "TXT", ttl: 60, values: ["\"ab\" \"c\""])),
        ]
        return zone
    }

    /// One edit per row; each must give a different digest from the base zone's.
    static let edits: [(String, @Sendable (inout HostedZone) throws -> Void)] = [
        ("comment", { $0.comment = "x" }),
        ("caller reference", { $0.callerReference = "other" }),
        ("private", { $0.isPrivate = true }),
        ("TTL", { $0.recordSets[2].ttl = 61 }),
        ("a value", { $0.recordSets[2].records[1] = try RecordSetText.value("192.0.2.3", type: .a) }),
        ("value order", { $0.recordSets[2].records.reverse() }),
        ("set order", { $0.recordSets.swapAt(2, 3) }),
        ("strings split differently", { $0.recordSets[3].records[0] = try RecordSetText.value("\"a\" \"bc\"", type: .txt) }),
        ("owner", { $0.recordSets[2].name = try DomainName("web.digest.test.") }),
        ("set identifier and routing", { $0.recordSets[2].setIdentifier = "one"; $0.recordSets[2].routing = .weighted(weight: 1) }),
        ("health check", { $0.recordSets[2].healthCheckId = "check" }),
        ("an extra set", { $0.recordSets.append($0.recordSets[2]) }),
    ]

    @Test("every defining field changes the digest", arguments: edits.indices)
    func fieldsChangeTheDigest(row: Int) throws {
        var zone = try Self.base()
        try Self.edits[row].1(&zone)
        #expect(ZoneDigest.text(of: zone) != ZoneDigest.text(of: try Self.base()), "\(Self.edits[row].0)")
    }

    @Test("equal zones have equal digests, built separately")
    func equalZonesAgree() throws {
        #expect(ZoneDigest.text(of: try Self.base()) == ZoneDigest.text(of: try Self.base()))
    }
}
