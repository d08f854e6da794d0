import DNSWire
import Testing

/// Seeded mutation loop: valid queries and responses are bit-flipped, truncated, extended, spliced
/// or replaced by random bytes, and fed to both parsers. Nothing may trap, and every outcome must
/// be consistent with the packet it came from. The seed is fixed, so a failure reproduces.
@Suite("Parser robustness")
struct ParserFuzzTests {
    static let iterations = 120_000

    /// Valid starting points: queries with and without EDNS/ECS, and a compressed response.
    static func corpus() -> [[UInt8]] {
        let subnet = ClientSubnet(family: 2, sourcePrefixLength: 48, address: [0x20, 0x01, 0x0d, 0xb8, 1, 2])
        var seeds = [
            Message.queryBytes(id: 1, name: dn("www.example.com"), type: .a),
            Message.queryBytes(id: 2, name: dn("a.b.c.d.example.org"), type: .txt, recursionDesired: true,
                               edns: EDNS(udpPayloadSize: 4096, dnssecOK: true)),
            Message.queryBytes(id: 3, name: dn("geo.example.net"), type: .aaaa,
                               edns: EDNS(udpPayloadSize: 1232, clientSubnet: subnet)),
            PacketBuilder.header(id: 0x0161).u8(3, 0x77, 0x77, 0x77, 0xC0, 0x00).u16(1).u16(1).bytes,
        ]
        var writer = MessageWriter(limit: 4096)
        writer.id = 4
        writer.flags = HeaderFlag.qr | HeaderFlag.aa
        writer.appendQuestion(name: dn("www.example.com"), type: .a, rrClass: .in)
        for record in MessageTests.answers { _ = writer.append(.answer, record: record) }
        for record in MessageTests.authority { _ = writer.append(.authority, record: record) }
        writer.appendOPT(udpPayloadSize: 4096, extendedRCode: .badVers, options: PacketBuilder.option(10, [1, 2]))
        seeds.append(writer.bytes)
        return seeds
    }

    static func mutate(_ seed: [UInt8], corpus: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var packet = seed
        switch rng.next() % 6 {
        case 0:   // flip a few bits
            for _ in 0..<(1 + rng.next() % 4) where !packet.isEmpty {
                packet[Int(rng.next() % UInt64(packet.count))] ^= UInt8(1 << (rng.next() % 8))
            }
        case 1:   // overwrite bytes, favouring values that matter to parsers
            let interesting: [UInt8] = [0, 1, 0x3F, 0x40, 0x80, 0xC0, 0xFF, 41, 8, 12]
            for _ in 0..<(1 + rng.next() % 4) where !packet.isEmpty {
                let value = rng.next() % 2 == 0 ? interesting[Int(rng.next() % 10)] : UInt8(truncatingIfNeeded: rng.next())
                packet[Int(rng.next() % UInt64(packet.count))] = value
            }
        case 2:   // truncate anywhere
            packet = Array(packet.prefix(Int(rng.next() % UInt64(packet.count + 1))))
        case 3:   // append random bytes
            packet += (0..<(rng.next() % 32)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 4:   // splice the tail of another seed
            let other = corpus[Int(rng.next() % UInt64(corpus.count))]
            let cut = Int(rng.next() % UInt64(packet.count + 1))
            packet = Array(packet.prefix(cut)) + other.suffix(Int(rng.next() % UInt64(other.count + 1)))
        default:  // pure noise, header counts often huge
            packet = (0..<(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        if rng.next() % 4 == 0, packet.count >= 12 { packet[2] &= 0x07 }   // clear QR and opcode: reach deeper
        return packet
    }

    @Test func mutatedPacketsNeverCrashAndGiveSaneOutcomes() {
        let corpus = Self.corpus()
        var rng = SplitMix64(seed: 0x1AB5_3D15_EA5E)
        var failures: [String] = []
        var tally = [0, 0, 0, 0]   // query, formatError, notImplemented, drop
        var decoded = 0
        for iteration in 0..<Self.iterations {
            let packet = Self.mutate(corpus[iteration % corpus.count], corpus: corpus, rng: &rng)
            let outcome = QueryParser.parse(packet)
            let message = try? Message(bytes: packet)
            if message != nil { decoded += 1 }
            if let problem = Self.check(packet, outcome: outcome, message: message, tally: &tally) {
                failures.append("#\(iteration) \(problem): \(packet)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
        // The mutations must exercise every outcome, or the loop tests less than it claims.
        #expect(tally.allSatisfy { $0 > 1000 }, "outcome counts \(tally)")
        #expect(decoded > Self.iterations / 10, "only \(decoded) packets decoded")
    }

    /// nil when the outcome fits the packet, otherwise what is wrong.
    static func check(_ packet: [UInt8], outcome: QueryParseOutcome, message: Message?, tally: inout [Int]) -> String? {
        let id = packet.count >= 2 ? UInt16(packet[0]) << 8 | UInt16(packet[1]) : 0
        let flags = packet.count >= 4 ? UInt16(packet[2]) << 8 | UInt16(packet[3]) : 0
        if let message {
            guard message.id == id, message.flags == flags else { return "Message header differs from the bytes" }
            let names = message.questions.map(\.name) + (message.answers + message.authority + message.additional).map(\.name)
            guard names.allSatisfy({ (try? DomainName(wire: $0.wire)) != nil }) else { return "Message holds an invalid name" }
            guard message.trailingByteCount >= 0, message.trailingByteCount <= packet.count - 12 else { return "bad trailing count" }
        }
        switch outcome {
        case .drop:
            tally[3] += 1
            guard packet.count < 12 || flags & HeaderFlag.qr != 0 else { return "dropped a well-sized query" }
        case .notImplemented(let gotID, let gotFlags):
            tally[2] += 1
            guard packet.count >= 12, gotID == id, gotFlags == flags, flags & 0x7800 != 0, flags & HeaderFlag.qr == 0
            else { return "NOTIMP for a standard query" }
        case .formatError(let gotID, let opcode, let recursionDesired):
            tally[1] += 1
            guard packet.count >= 12, gotID == id, opcode == .query, flags & 0xF800 == 0 else { return "FORMERR header" }
            guard !recursionDesired || flags & HeaderFlag.rd != 0 else { return "FORMERR invented RD" }
        case .query(let query):
            tally[0] += 1
            guard packet.count >= 17, query.id == id, flags & 0xFA00 == 0 else { return "query accepted with bad header" }
            guard (try? DomainName(wire: query.name.wire)) != nil else { return "query name invalid" }
            if let edns = query.edns {
                guard edns.udpPayloadSize >= 512 else { return "payload size below 512" }
                if let subnet = edns.clientSubnet {
                    guard subnet.address.count == (subnet.family == 1 ? 4 : 16) else { return "ECS address not padded" }
                }
            }
            // Whatever the accept filter takes, the full decoder must read the same question.
            guard let message, message.questions.count == 1, message.questions[0].name.wire == query.name.wire,
                  message.questions[0].type == query.type, message.answers.isEmpty, message.authority.isEmpty,
                  message.additional.isEmpty, (message.edns == nil) == (query.edns == nil)
            else { return "decoder disagrees with the accept filter" }
        }
        return nil
    }
}
