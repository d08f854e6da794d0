@testable import AnswerEngine
import DNSWire
import Route53Model
import Testing

@Suite("ResponseBuilder (RFC 2181 §9)")
struct BuilderTests {
    private static let owner = Fixtures.name("a.test")

    private static func builder(limit: Int, reserve: Int) -> ResponseBuilder {
        var builder = ResponseBuilder(limit: limit, reserve: reserve)
        builder.writer.appendQuestion(name: owner, type: .a, rrClass: .in)
        return builder
    }

    @Test("an RRset that fits is kept")
    func fits() {
        var builder = Self.builder(limit: 512, reserve: 11)
        builder.beginRRset()
        builder.add(.answer, owner: Self.owner, type: .a, ttl: 1, rdata: [192, 0, 2, 1])
        builder.add(.answer, owner: Self.owner, type: .a, ttl: 1, rdata: [192, 0, 2, 2])
        let kept = builder.endRRset(required: true)
        #expect(kept)
        #expect(builder.writer.count(of: .answer) == 2 && !builder.truncated)
    }

    @Test("an RRset eating into the OPT reserve is removed whole", arguments: [false, true])
    func reserve(required: Bool) {
        // Header 12 + question 12 = 24; each A record with a pointer owner is 16 bytes.
        var builder = Self.builder(limit: 24 + 16 * 2 + 10, reserve: 11)
        builder.beginRRset()
        builder.add(.answer, owner: Self.owner, type: .a, ttl: 1, rdata: [192, 0, 2, 1])
        builder.add(.answer, owner: Self.owner, type: .a, ttl: 1, rdata: [192, 0, 2, 2])
        let kept = builder.endRRset(required: required)
        #expect(!kept)
        #expect(builder.writer.count(of: .answer) == 0)
        #expect(builder.writer.bytes.count == 24)
        #expect(builder.truncated == required)
    }

    @Test("after truncation nothing else is added")
    func closedAfterTruncation() {
        var builder = Self.builder(limit: 40, reserve: 0)
        builder.beginRRset()
        builder.add(.answer, owner: Self.owner, type: .txt, ttl: 1, rdata: Array(repeating: 1, count: 40))
        builder.endRRset(required: true)
        builder.beginRRset()
        builder.add(.authority, owner: Self.owner, type: .a, ttl: 1, rdata: [192, 0, 2, 1])
        let kept = builder.endRRset(required: false)
        #expect(!kept)
        #expect(builder.truncated && builder.writer.bytes.count == 24)
    }
}

@Suite("PolicySelector (RP-04, RP-05, RP-06)")
struct PolicySelectorTests {
    private static func member(_ routing: RoutingPolicy) -> PolicyMember {
        PolicyMember(setIdentifier: "x", routing: routing, ttl: 60, values: [RecordValue(text: "192.0.2.1", rdata: [192, 0, 2, 1])], targets: [], alias: nil,
                     healthSlot: nil)
    }

    struct FailoverRow: Sendable, CustomTestStringConvertible {
        let roles: [FailoverRole]
        let healthy: [Bool]
        let expected: Int
        var testDescription: String { "\(roles.map(\.rawValue)) healthy \(healthy) → \(expected)" }
    }

    @Test("RP-05 failover table", arguments: [
        FailoverRow(roles: [.primary, .secondary], healthy: [true, true], expected: 0),
        FailoverRow(roles: [.primary, .secondary], healthy: [true, false], expected: 0),
        FailoverRow(roles: [.primary, .secondary], healthy: [false, true], expected: 1),
        FailoverRow(roles: [.primary, .secondary], healthy: [false, false], expected: 0),
        FailoverRow(roles: [.secondary, .primary], healthy: [true, false], expected: 0),
        FailoverRow(roles: [.secondary, .primary], healthy: [false, false], expected: 1),
        FailoverRow(roles: [.primary], healthy: [false], expected: 0),
        FailoverRow(roles: [.secondary], healthy: [false], expected: 0),
    ])
    func failover(_ row: FailoverRow) {
        let group = PolicyGroup(type: .a, policy: .failover, members: row.roles.map { Self.member(.failover($0)) })
        var generator = SplitMix64(seed: 1)
        let picked = PolicySelector.select(group, isHealthy: { row.healthy[$0] }, using: &generator)
        #expect(picked.count == 1 && picked[0] == Int32(row.expected))
    }

    @Test("RP-06 multivalue picks distinct members, healthy ones first", arguments: [3, 8, 9, 100])
    func multivalue(count: Int) {
        let group = PolicyGroup(type: .a, policy: .multivalue, members: (0..<count).map { _ in Self.member(.multivalue) })
        for seed in UInt64(1)...20 {
            var generator = SplitMix64(seed: seed)
            let picked = PolicySelector.select(group, isHealthy: { $0 % 2 == 0 }, using: &generator)
            let indices = (0..<picked.count).map { Int(picked[$0]) }
            #expect(indices.count == min(8, (count + 1) / 2))
            #expect(Set(indices).count == indices.count)
            #expect(indices.allSatisfy { $0 % 2 == 0 && $0 < count })
        }
    }

    @Test("geolocation and IP-based without a default choose nothing (RP-08, RP-10)")
    func noDefault() {
        var generator = SplitMix64(seed: 1)
        let geo = PolicyGroup(type: .a, policy: .geolocation,
                              members: [Self.member(.geolocation(GeoLocation(continentCode: "EU")))])
        #expect(PolicySelector.select(geo, isHealthy: { _ in true }, using: &generator).isEmpty)
        let cidr = PolicyGroup(type: .a, policy: .cidr,
                               members: [Self.member(.cidr(CidrRoutingConfig(collectionId: "c", locationName: "x")))])
        #expect(PolicySelector.select(cidr, isHealthy: { _ in true }, using: &generator).isEmpty)
    }

    @Test("InlineList8 holds eight and refuses the ninth")
    func inlineList() {
        var list = InlineList8<Int32>(filler: -1)
        let stored = (Int32(0)..<8).map { list.append($0) }
        #expect(stored == Array(repeating: true, count: 8))
        let ninth = list.append(8)
        #expect(!ninth)
        #expect(list.isFull && (0..<8).map { list[$0] } == Array(0..<8))
        list.swapAt(0, 7)
        #expect(list[0] == 7 && list[7] == 0)
    }
}
