import AnswerEngine
import DNSWire
import Testing
import ZoneText

/// A decoded response: header bits from DNSWire's `Message`, section text from libldns
/// (`PacketText`), an independent decoder of our wire output.
struct Reply {
    let bytes: [UInt8]
    let message: Message
    let questions: [String]
    /// Records as single-spaced zone-file lines, sorted (RRset order is random, RR-10).
    let answer: [String]
    let authority: [String]
    let additional: [String]

    var rcode: RCode { message.extendedRCode }
    var aa: Bool { message.authoritativeAnswer }
    var tc: Bool { message.truncated }

    init?(_ bytes: [UInt8]) {
        guard let message = try? Message(bytes: bytes), let sections = PacketText.records(bytes),
              let questions = PacketText.questions(bytes) else { return nil }
        self.bytes = bytes
        self.message = message
        self.questions = questions.map(Self.normalize)
        answer = sections.answer.map(Self.normalize).sorted()
        authority = sections.authority.map(Self.normalize).sorted()
        additional = sections.additional.map(Self.normalize).sorted()
    }

    /// Collapses the tabs of `RecordText.format` into single spaces.
    static func normalize(_ line: String) -> String {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

enum Exchange {
    /// Sends one query through `Responder` and decodes the reply.
    static func ask(_ qname: String, _ type: RRType, class rrClass: RRClass = .in, edns: EDNS? = nil,
                    transport: Transport = .udp, recursionDesired: Bool = false, health: HealthVector = .allHealthy,
                    seed: UInt64 = 1, snapshot: AnswerSnapshot = Fixtures.snapshot,
                    sourceLocation: SourceLocation = #_sourceLocation) -> Reply? {
        let query = Message.queryBytes(id: 0x1234, name: Fixtures.name(qname), type: type, class: rrClass,
                                       recursionDesired: recursionDesired, edns: edns)
        return send(query, transport: transport, health: health, seed: seed, snapshot: snapshot,
                    sourceLocation: sourceLocation)
    }

    static func send(_ packet: [UInt8], transport: Transport = .udp, health: HealthVector = .allHealthy,
                     seed: UInt64 = 1, snapshot: AnswerSnapshot = Fixtures.snapshot,
                     sourceLocation: SourceLocation = #_sourceLocation) -> Reply? {
        var generator = SplitMix64(seed: seed)
        guard let bytes = Responder.respond(to: packet, transport: transport, snapshot: snapshot, health: health,
                                            using: &generator) else {
            Issue.record("query dropped", sourceLocation: sourceLocation)
            return nil
        }
        guard let reply = Reply(bytes) else {
            Issue.record("undecodable reply \(bytes)", sourceLocation: sourceLocation)
            return nil
        }
        return reply
    }

    /// A health vector from named states; unnamed checks are healthy.
    static func health(_ states: [String: Bool], snapshot: AnswerSnapshot = Fixtures.snapshot) -> HealthVector {
        HealthVector(snapshot.healthCheckIDs.map { states[$0] ?? true })
    }
}
