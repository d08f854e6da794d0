import DNSWire

/// Draws for the malformed-packet runs; seeded, so a failure reproduces exactly.
extension SplitMix64 {
    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
}

/// Builds malformed DNS packets from valid queries: the kinds of damage a hostile or broken
/// client sends (RFC 1035 §4.1 fields out of range, RFC 1035 §4.1.4 pointer abuse, RFC 6891 OPT
/// misuse). Deterministic for a given generator state.
struct PacketMutator {
    /// Valid starting points: queries for the example zone, with and without EDNS and ECS.
    let corpus: [[UInt8]]

    init() throws {
        let subnet = ClientSubnet(family: 1, sourcePrefixLength: 24, address: [192, 0, 2])
        corpus = [
            Message.queryBytes(id: 1, name: try DomainName("www.demo.lab53.test."), type: .a),
            Message.queryBytes(id: 2, name: try DomainName("demo.lab53.test."), type: .soa,
                               edns: EDNS(udpPayloadSize: 4096)),
            Message.queryBytes(id: 3, name: try DomainName("a.b.c.demo.lab53.test."), type: .txt, recursionDesired: true,
                               edns: EDNS(udpPayloadSize: 1232, dnssecOK: true, clientSubnet: subnet)),
            Message.queryBytes(id: 4, name: try DomainName("x.wild.demo.lab53.test."), type: .any),
            Message.queryBytes(id: 5, name: try DomainName("www.sub.demo.lab53.test."), type: .aaaa),
            Message.queryBytes(id: 6, name: try DomainName("example.org."), type: .mx),
        ]
    }

    /// The mutation kinds, in the order `mutate` picks them.
    enum Kind: Int, CaseIterable {
        case bitFlips, truncation, randomCounts, compressionLoop, hugeLabel, garbage, mutatedHeader, badOPT
    }

    /// One malformed packet. Everything but pure garbage starts from a corpus query with a fresh ID.
    func mutate(_ rng: inout SplitMix64) -> [UInt8] {
        var packet = corpus[rng.below(corpus.count)]
        packet[0] = rng.byte()
        packet[1] = rng.byte()
        switch Kind(rawValue: rng.below(Kind.allCases.count))! {
        case .bitFlips:
            for _ in 0..<(1 + rng.below(6)) {
                packet[rng.below(packet.count)] ^= UInt8(1 << rng.below(8))
            }
        case .truncation:
            packet = Array(packet.prefix(rng.below(packet.count)))
        case .randomCounts:
            // QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT (RFC 1035 §4.1.1), often claiming far more than is there.
            for offset in stride(from: 4, to: 12, by: 2) where rng.below(2) == 0 {
                let value = [0, 1, 2, 0xFF, 0xFFFF, rng.below(0x10000)][rng.below(6)]
                packet[offset] = UInt8(value >> 8)
                packet[offset + 1] = UInt8(value & 0xFF)
            }
        case .compressionLoop:
            packet = Self.compressionLoop(id: (packet[0], packet[1]), &rng)
        case .hugeLabel:
            packet = Self.hugeLabel(id: (packet[0], packet[1]), &rng)
        case .garbage:
            packet = rng.bytes(rng.below(600))
        case .mutatedHeader:
            // Any flags: QR, every opcode, AA/TC/RD/RA, Z, AD/CD and RCODE bits.
            packet[2] = rng.byte()
            packet[3] = rng.byte()
        case .badOPT:
            packet = Self.badOPT(packet, &rng)
        }
        return packet
    }

    static func header(id: (UInt8, UInt8), qd: UInt16 = 1, ar: UInt16 = 0) -> [UInt8] {
        [id.0, id.1, 0, 0, UInt8(qd >> 8), UInt8(qd & 0xFF), 0, 0, 0, 0, UInt8(ar >> 8), UInt8(ar & 0xFF)]
    }

    /// RFC 1035 §4.1.4 pointers that never end: to themselves, to each other, forwards, past the end.
    static func compressionLoop(id: (UInt8, UInt8), _ rng: inout SplitMix64) -> [UInt8] {
        var packet = header(id: id)
        switch rng.below(4) {
        case 0: packet += [0xC0, 12]                                   // points at itself
        case 1: packet += [1, UInt8(ascii: "a"), 0xC0, 12]             // a label, then back to the start
        case 2: packet += [0xC0, 14, 0xC0, 12]                         // two pointers chasing each other
        default: packet += [0xC0 | UInt8(rng.below(0x40)), rng.byte()] // anywhere, usually past the end
        }
        packet += [0, 1, 0, 1]
        return packet
    }

    /// Label length bytes of 64…255 (reserved label types and over-long labels) and names over 255 bytes.
    static func hugeLabel(id: (UInt8, UInt8), _ rng: inout SplitMix64) -> [UInt8] {
        var packet = header(id: id)
        if rng.below(2) == 0 {
            let length = UInt8(64 + rng.below(192))
            packet += [length] + rng.bytes(rng.below(Int(length) + 8)) + [0]
        } else {
            // 5 × 63-byte labels: 320 bytes, beyond the 255-byte name limit (RFC 1035 §2.3.4).
            for _ in 0..<5 { packet += [63] + [UInt8](repeating: UInt8(ascii: "x"), count: 63) }
            packet += [0]
        }
        packet += [0, 1, 0, 1]
        return packet
    }

    /// RFC 6891 abuse: OPT with a broken RDLENGTH, several OPT records, a non-root owner, a high
    /// version, or an ECS option whose lengths lie.
    static func badOPT(_ query: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var packet = query
        // Start from the question only (drop any existing OPT) and count what we add.
        let questionEnd = Self.questionEnd(packet) ?? packet.count
        packet = Array(packet.prefix(questionEnd))
        let optCount = 1 + rng.below(3)
        packet[10] = 0
        packet[11] = UInt8(optCount)
        for _ in 0..<optCount {
            let owner: [UInt8] = rng.below(4) == 0 ? [1, UInt8(ascii: "x"), 0] : [0]
            let version = rng.below(3) == 0 ? rng.byte() : 0
            var options: [UInt8] = []
            if rng.below(2) == 0 {
                // ECS (option 8): family, source, scope, address, with lengths that may not add up.
                let family: [UInt8] = [0, UInt8(rng.below(4))]
                options = [0, 8, 0, UInt8(rng.below(20))] + family + [rng.byte(), rng.byte()] + rng.bytes(rng.below(20))
            }
            let claimed = rng.below(3) == 0 ? rng.below(0x10000) : options.count
            packet += owner + [0, 41] + [0x10, 0x00] + [0, version, 0, 0]
            packet += [UInt8(claimed >> 8), UInt8(claimed & 0xFF)] + options
        }
        return packet
    }

    /// The offset just after the first question of a well-formed query, or nil.
    static func questionEnd(_ packet: [UInt8]) -> Int? {
        var index = 12
        while index < packet.count {
            let length = Int(packet[index])
            if length == 0 { return index + 5 <= packet.count ? index + 5 : nil }
            index += 1 + length
        }
        return nil
    }

    /// Bytes as hex pairs, for failure messages (at most the first 64 bytes).
    static func hex(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(64).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        return bytes.count > 64 ? "\(shown) … (\(bytes.count) bytes)" : shown
    }
}
