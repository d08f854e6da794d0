import DNSWire
import Testing

/// One accept-filter case: a packet and what `QueryParser` must decide.
struct QueryRow: Sendable, CustomTestStringConvertible {
    let label: String
    let packet: [UInt8]
    let expected: QueryParseOutcome
    var testDescription: String { label }
}

private let rd = HeaderFlag.rd
private let edns0 = EDNS(udpPayloadSize: 1232)

private func query(_ name: String = "www.example.com", type: RRType = .a, id: UInt16 = 0x1234,
                   recursionDesired: Bool = false, checkingDisabled: Bool = false, edns: EDNS? = nil) -> QueryParseOutcome {
    .query(Query(id: id, recursionDesired: recursionDesired, checkingDisabled: checkingDisabled, name: dn(name),
                 type: type, edns: edns))
}

private func formErr(recursionDesired: Bool = false) -> QueryParseOutcome {
    .formatError(id: 0x1234, opcode: .query, recursionDesired: recursionDesired)
}

private func withOPT(_ rdata: [UInt8], size: UInt16 = 1232, ttl: UInt32 = 0) -> [UInt8] {
    PacketBuilder.header(ar: 1).question().opt(size: size, ttl: ttl, rdata: rdata).bytes
}

/// Header and question rows, in the order NSD's query_process checks them.
let headerRows: [QueryRow] = [
    QueryRow(label: "empty packet → drop", packet: [], expected: .drop),
    QueryRow(label: "11 bytes → drop", packet: Array(PacketBuilder.header().bytes.prefix(11)), expected: .drop),
    QueryRow(label: "QR=1 header only → drop", packet: PacketBuilder.header(flags: HeaderFlag.qr).bytes, expected: .drop),
    QueryRow(label: "QR=1 with a valid question → drop",
             packet: PacketBuilder.header(flags: HeaderFlag.qr | rd).question().bytes, expected: .drop),
    QueryRow(label: "NOTIFY → NOTIMP echoing flags (DNS-10)",
             packet: PacketBuilder.header(flags: HeaderFlag.opcode(.notify) | HeaderFlag.aa).question(type: .soa).bytes,
             expected: .notImplemented(id: 0x1234, flags: HeaderFlag.opcode(.notify) | HeaderFlag.aa)),
    QueryRow(label: "UPDATE with garbage after the header → NOTIMP (opcode checked first)",
             packet: PacketBuilder.header(flags: HeaderFlag.opcode(.update) | rd, qd: 7).u8(0xFF, 0xFF, 0xFF).bytes,
             expected: .notImplemented(id: 0x1234, flags: HeaderFlag.opcode(.update) | rd)),
    QueryRow(label: "unassigned opcode 3, header only → NOTIMP",
             packet: PacketBuilder.header(flags: HeaderFlag.opcode(Opcode(rawValue: 3))).bytes,
             expected: .notImplemented(id: 0x1234, flags: HeaderFlag.opcode(Opcode(rawValue: 3)))),
    QueryRow(label: "QDCOUNT 0 → FORMERR with RD cleared",
             packet: PacketBuilder.header(flags: rd, qd: 0).bytes, expected: formErr()),
    QueryRow(label: "QDCOUNT 2 → FORMERR with RD cleared",
             packet: PacketBuilder.header(flags: rd, qd: 2).question().question("b.example").bytes, expected: formErr()),
    QueryRow(label: "TC set → FORMERR with RD cleared",
             packet: PacketBuilder.header(flags: HeaderFlag.tc | rd).question().bytes, expected: formErr()),
    QueryRow(label: "ANCOUNT 1 → FORMERR keeping RD",
             packet: PacketBuilder.header(flags: rd, an: 1).question().bytes, expected: formErr(recursionDesired: true)),
    QueryRow(label: "NSCOUNT 1 → FORMERR keeping RD",
             packet: PacketBuilder.header(flags: rd, ns: 1).question().bytes, expected: formErr(recursionDesired: true)),
    QueryRow(label: "plain query", packet: PacketBuilder.header().question().bytes, expected: query()),
    QueryRow(label: "RD and CD are reported",
             packet: PacketBuilder.header(flags: rd | HeaderFlag.cd).question().bytes,
             expected: query(recursionDesired: true, checkingDisabled: true)),
    QueryRow(label: "root name, type NS", packet: PacketBuilder.header().question(".", type: .ns).bytes,
             expected: query(".", type: .ns)),
    QueryRow(label: "name cut inside a label → FORMERR keeping RD",
             packet: Array(PacketBuilder.header(flags: rd).question().bytes.prefix(18)), expected: formErr(recursionDesired: true)),
    QueryRow(label: "name without root label at the end → FORMERR",
             packet: PacketBuilder.header().u8(3, 0x77, 0x77, 0x77).bytes, expected: formErr()),
    QueryRow(label: "type/class missing → FORMERR", packet: PacketBuilder.header().name("a.example").u8(0, 1).bytes,
             expected: formErr()),
    QueryRow(label: "63-byte label accepted",
             packet: PacketBuilder.header().question(String(repeating: "a", count: 63) + ".example").bytes,
             expected: query(String(repeating: "a", count: 63) + ".example")),
    QueryRow(label: "64-byte label (0x40 label type) → FORMERR",
             packet: PacketBuilder.header().u8(64).raw(Array(repeating: 0x61, count: 64)).u8(0).u16(1).u16(1).bytes,
             expected: formErr()),
    QueryRow(label: "0x80 label type → FORMERR", packet: PacketBuilder.header().u8(0x80, 0).u16(1).u16(1).bytes,
             expected: formErr()),
    QueryRow(label: "255-byte name accepted", packet: PacketBuilder.header().question(name255).bytes,
             expected: query(name255)),
    QueryRow(label: "256-byte name → FORMERR",
             packet: PacketBuilder.header().raw(longWire(256)).u16(1).u16(1).bytes, expected: formErr()),
    // ID 0x0161 makes header bytes 0–2 read as the name "a." (label 1 "a", then the root label).
    QueryRow(label: "backward pointer into the header is followed",
             packet: PacketBuilder.header(id: 0x0161).u8(3, 0x77, 0x77, 0x77, 0xC0, 0x00).u16(1).u16(1).bytes,
             expected: query("www.a", id: 0x0161)),
    QueryRow(label: "forward pointer → FORMERR",
             packet: PacketBuilder.header().u8(0xC0, 14, 0).u16(1).u16(1).bytes, expected: formErr()),
    QueryRow(label: "pointer to the start of its own name (loop) → FORMERR",
             packet: PacketBuilder.header().u8(1, 0x61, 0xC0, 12).u16(1).u16(1).bytes, expected: formErr()),
    QueryRow(label: "pointer cut after its first byte → FORMERR", packet: PacketBuilder.header().u8(1, 0x61, 0xC0).bytes,
             expected: formErr()),
    QueryRow(label: "trailing garbage after the question is ignored",
             packet: PacketBuilder.header().question().u8(0xDE, 0xAD, 0xBE, 0xEF).bytes, expected: query()),
]

/// Additional-section and EDNS rows (RFC 6891, RFC 7871).
let additionalRows: [QueryRow] = [
    QueryRow(label: "OPT 1232, DO set", packet: withOPT([], ttl: 0x8000),
             expected: query(edns: EDNS(udpPayloadSize: 1232, dnssecOK: true))),
    QueryRow(label: "OPT payload 100 is raised to 512 (RFC 6891 §6.2.5)", packet: withOPT([], size: 100),
             expected: query(edns: EDNS(udpPayloadSize: 512))),
    QueryRow(label: "OPT version 1 is passed on for BADVERS", packet: withOPT([], ttl: 0x0001_0000),
             expected: query(edns: EDNS(udpPayloadSize: 1232, version: 1))),
    QueryRow(label: "extended RCODE bits in a query OPT are ignored", packet: withOPT([], ttl: 0xFF00_0000),
             expected: query(edns: edns0)),
    QueryRow(label: "OPT owned by a non-root name → FORMERR (RFC 6891 §6.1.1)",
             packet: PacketBuilder.header(ar: 1).question().opt(owner: dn("example").wire).bytes, expected: formErr()),
    QueryRow(label: "two OPT records → FORMERR (RFC 6891 §6.1.1)",
             packet: PacketBuilder.header(ar: 2).question().opt().opt().bytes, expected: formErr()),
    QueryRow(label: "TSIG in additional → FORMERR (not supported)",
             packet: PacketBuilder.header(ar: 1).question().name("key.example").u16(250).u16(255).u32(0).u16(0).bytes,
             expected: formErr()),
    QueryRow(label: "A record in additional → FORMERR",
             packet: PacketBuilder.header(flags: rd, ar: 1).question().name("a.example").u16(1).u16(1).u32(60).u16(4)
                 .u8(192, 0, 2, 1).bytes, expected: formErr(recursionDesired: true)),
    QueryRow(label: "ARCOUNT 1 but no record → FORMERR", packet: PacketBuilder.header(ar: 1).question().bytes,
             expected: formErr()),
    QueryRow(label: "OPT fixed fields cut short → FORMERR",
             packet: Array(PacketBuilder.header(ar: 1).question().opt().bytes.dropLast(3)), expected: formErr()),
    QueryRow(label: "OPT RDLENGTH past the end → FORMERR",
             packet: PacketBuilder.header(ar: 1).question().u8(0).u16(41).u16(1232).u32(0).u16(8).u8(0, 10).bytes,
             expected: formErr()),
    QueryRow(label: "option length past RDLENGTH → FORMERR", packet: withOPT([0, 10, 0, 8, 1, 2, 3, 4]),
             expected: formErr()),
    QueryRow(label: "option header cut short → FORMERR", packet: withOPT([0, 10, 0]), expected: formErr()),
    QueryRow(label: "unknown option (cookie) ignored", packet: withOPT(PacketBuilder.option(10, Array(1...8))),
             expected: query(edns: edns0)),
    QueryRow(label: "trailing garbage after OPT ignored", packet: withOPT([]) + [1, 2, 3], expected: query(edns: edns0)),
    QueryRow(label: "ECS IPv4 /24 padded to 4 bytes",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 24, address: [198, 51, 100])),
             expected: query(edns: subnet(1, 24, [198, 51, 100, 0]))),
    QueryRow(label: "ECS IPv6 /56 padded to 16 bytes",
             packet: withOPT(PacketBuilder.ecs(family: 2, source: 56, address: [0x20, 0x01, 0x0d, 0xb8, 0, 1, 2])),
             expected: query(edns: subnet(2, 56, [0x20, 0x01, 0x0d, 0xb8, 0, 1, 2] + Array(repeating: 0, count: 9)))),
    QueryRow(label: "ECS IPv4 /0 without address bytes",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 0, address: [])),
             expected: query(edns: subnet(1, 0, [0, 0, 0, 0]))),
    QueryRow(label: "ECS IPv4 /23 with the spare bit clear", packet: withOPT(PacketBuilder.ecs(family: 1, source: 23, address: [10, 0, 2])),
             expected: query(edns: subnet(1, 23, [10, 0, 2, 0]))),
    QueryRow(label: "ECS next to an unknown option",
             packet: withOPT(PacketBuilder.option(65001, [9]) + PacketBuilder.ecs(family: 1, source: 8, address: [10])),
             expected: query(edns: subnet(1, 8, [10, 0, 0, 0]))),
    QueryRow(label: "ECS family 3 → FORMERR (RFC 7871 §7.1.1)",
             packet: withOPT(PacketBuilder.ecs(family: 3, source: 8, address: [1])), expected: formErr()),
    QueryRow(label: "ECS IPv4 prefix 33 → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 33, address: [1, 2, 3, 4, 0])), expected: formErr()),
    QueryRow(label: "ECS IPv6 prefix 129 → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 2, source: 129, address: Array(repeating: 0, count: 17))),
             expected: formErr()),
    QueryRow(label: "ECS /24 with 4 address bytes (too many) → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 24, address: [10, 0, 0, 0])), expected: formErr()),
    QueryRow(label: "ECS /24 with 2 address bytes (too few) → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 24, address: [10, 0])), expected: formErr()),
    QueryRow(label: "ECS /23 with a bit set beyond the prefix → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 23, address: [10, 0, 3])), expected: formErr()),
    QueryRow(label: "ECS option shorter than 4 bytes → FORMERR",
             packet: withOPT(PacketBuilder.option(8, [0, 1, 24])), expected: formErr()),
    QueryRow(label: "two ECS options → FORMERR",
             packet: withOPT(PacketBuilder.ecs(family: 1, source: 8, address: [10])
                 + PacketBuilder.ecs(family: 1, source: 8, address: [11])), expected: formErr()),
]

private func subnet(_ family: UInt16, _ source: UInt8, _ address: [UInt8]) -> EDNS {
    EDNS(udpPayloadSize: 1232, clientSubnet: ClientSubnet(family: family, sourcePrefixLength: source, address: address))
}

/// Three 63-byte labels and one of 61 bytes: 3 × 64 + 62 + 1 (root) = 255 wire bytes, the maximum.
private let name255 = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".")
    + "." + String(repeating: "b", count: 61)

/// An uncompressed name of exactly `length` wire bytes (length ≥ 2), built from 63-byte labels.
private func longWire(_ length: Int) -> [UInt8] {
    var wire: [UInt8] = []
    var left = length - 1
    while left > 0 {
        let label = min(63, left - 1)
        wire += [UInt8(label)] + Array(repeating: 0x61, count: label)
        left -= label + 1
    }
    return wire + [0]
}

@Suite("QueryParser accept filter")
struct QueryParserTests {
    @Test(arguments: headerRows)
    func header(_ row: QueryRow) {
        #expect(QueryParser.parse(row.packet) == row.expected)
    }

    @Test(arguments: additionalRows)
    func additional(_ row: QueryRow) {
        #expect(QueryParser.parse(row.packet) == row.expected)
    }

    @Test func fixturesHaveTheLengthsTheyClaim() {
        #expect(dn(name255).wire.count == 255)
        #expect(longWire(256).count == 256)
    }

    @Test func keepsTheReceivedCase() throws {
        let packet = PacketBuilder.header().question("WwW.ExAmple.COM").bytes
        guard case .query(let parsed) = QueryParser.parse(packet) else {
            Issue.record("not parsed as a query")
            return
        }
        #expect(parsed.name.wire == dn("WwW.ExAmple.COM").wire)
        #expect(parsed.name.description == "WwW.ExAmple.COM.")
    }

    @Test func readsFromASliceWithoutLookingOutside() {
        // The question is cut off exactly at the slice end; bytes after it in memory must not be read.
        let full = PacketBuilder.header().question().bytes
        let outcome = full.withUnsafeBytes { QueryParser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<(full.count - 1)])) }
        #expect(outcome == formErr())
    }
}
