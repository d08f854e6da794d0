import AnswerEngine
@testable import DNSServer
import DNSWire
import Testing

/// The UDP listener's reply cache (issue 6): a replayed reply must be what the responder would
/// build for that very query (its ID, its QNAME case, DNS-01) — the same bytes up to the order of
/// multi-value RRsets, which every replay shuffles afresh (RR-10) — and nothing that depends on a
/// weighted draw or on the client may ever be replayed.
@Suite("Reply cache")
struct ResponseCacheTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var stored: String
        var asked: String
        var type: RRType = .a
        var edns: EDNS? = EDNS(udpPayloadSize: 1232)
        var testDescription: String { "\(stored) then \(asked) \(type)" }
    }

    static let rows: [Row] = [
        Row(stored: "www.cache.test.", asked: "WwW.CaChE.TeSt."),
        Row(stored: "www.cache.test.", asked: "www.cache.test.", edns: nil),
        Row(stored: "WWW.CACHE.TEST.", asked: "www.cache.test.", edns: EDNS(udpPayloadSize: 4096, dnssecOK: true)),
        Row(stored: "nope.cache.test.", asked: "NoPe.cache.TEST."),
        Row(stored: "www.cache.test.", asked: "www.CACHE.test.", type: .txt),
        Row(stored: "mail.cache.test.", asked: "MAIL.cache.test.", type: .mx),
        Row(stored: "cache.test.", asked: "CACHE.TEST.", type: .ns),
        Row(stored: "www.example.org.", asked: "WWW.example.ORG."),
        Row(stored: "a-long-label-with-Z_and-9.deeper.www.cache.test.", asked: "A-LONG-label-WITH-z_AND-9.DeePer.WwW.cache.test."),
    ]

    static func responder(_ packet: [UInt8], state: ServingState) -> ([UInt8]?, QueryOutcome) {
        var outcome = QueryOutcome()
        let reply = packet.withUnsafeBytes {
            Responder.respond(to: $0, transport: .udp, client: nil, state: state, outcome: &outcome)
        }
        return (reply, outcome)
    }

    /// Looks `packet` up; on a miss asks the responder and stores its reply. Returns the reply
    /// and whether it came from the cache.
    static func serve(_ packet: [UInt8], cache: ResponseCache, state: ServingState) -> ([UInt8], Bool) {
        cache.use(state)
        var out = [UInt8](repeating: 0, count: 4096)
        let hit = packet.withUnsafeBytes { query in
            cache.prepare(query, at: 0)
            return out.withUnsafeMutableBytes { cache.lookup(query, at: 0, into: $0.baseAddress!, capacity: 4096) }
        }
        if let hit { return (Array(out[..<hit.length]), true) }
        let (reply, outcome) = responder(packet, state: state)
        guard let reply else { return ([], false) }
        reply.withUnsafeBytes { cache.insert($0, outcome: outcome, at: 0) }
        return (reply, false)
    }

    /// A reply with every RRset's records in a canonical order, so replies that differ only in
    /// RR-10 order compare equal; header, question and sizes must match exactly.
    static func canonical(_ reply: [UInt8]?) -> Message? {
        guard let reply, var message = try? Message(bytes: reply) else { return nil }
        func key(_ record: ResourceRecord) -> [UInt8] {
            record.name.lowercased().wire + [UInt8(record.type.rawValue >> 8), UInt8(record.type.rawValue & 0xFF)] + record.rdata
        }
        message.answers.sort { key($0).lexicographicallyPrecedes(key($1)) }
        message.authority.sort { key($0).lexicographicallyPrecedes(key($1)) }
        message.additional.sort { key($0).lexicographicallyPrecedes(key($1)) }
        return message
    }

    @Test("a replay equals a fresh reply to the same query (ID and QNAME case included)", arguments: rows)
    func replayIsExact(_ row: Row) {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        let first = Message.queryBytes(id: 0x1111, name: CacheFixture.name(row.stored), type: row.type, edns: row.edns)
        let (_, firstHit) = Self.serve(first, cache: cache, state: state)
        #expect(!firstHit)
        let second = Message.queryBytes(id: 0x2222, name: CacheFixture.name(row.asked), type: row.type, edns: row.edns)
        let (replayed, secondHit) = Self.serve(second, cache: cache, state: state)
        #expect(secondHit)
        let fresh = Self.responder(second, state: state).0
        #expect(replayed.count == fresh?.count)
        #expect(replayed.prefix(12 + 4 + CacheFixture.name(row.asked).wire.count) == fresh?.prefix(12 + 4 + CacheFixture.name(row.asked).wire.count))
        #expect(Self.canonical(replayed) != nil)
        #expect(Self.canonical(replayed) == Self.canonical(fresh))
    }

    @Test("replays shuffle multi-value RRsets afresh and keep pointers into them valid (RR-10)",
          arguments: [("two.cache.test.", RRType.a), ("mail.cache.test.", .mx), ("cache.test.", .ns)])
    func replaysAreShuffled(_ qname: String, _ type: RRType) {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        let packet = Message.queryBytes(id: 8, name: CacheFixture.name(qname), type: type)
        _ = Self.serve(packet, cache: cache, state: state)
        let fresh = Self.canonical(Self.responder(packet, state: state).0)
        var orders = Set<[UInt8]>()
        for _ in 0..<40 {
            let (reply, hit) = Self.serve(packet, cache: cache, state: state)
            #expect(hit)
            #expect(Self.canonical(reply) == fresh, "a replay decodes to different records")
            orders.insert(reply)
        }
        #expect(orders.count > 1, "40 replays came back in one order")
    }

    @Test("different EDNS, flags or type are different keys")
    func keyCoversTheWholeQuery() {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        let name = CacheFixture.name("www.cache.test.")
        _ = Self.serve(Message.queryBytes(id: 1, name: name, type: .a, edns: EDNS(udpPayloadSize: 1232)), cache: cache, state: state)
        for other in [Message.queryBytes(id: 1, name: name, type: .a, edns: nil),
                      Message.queryBytes(id: 1, name: name, type: .a, edns: EDNS(udpPayloadSize: 1232, dnssecOK: true)),
                      Message.queryBytes(id: 1, name: name, type: .aaaa, edns: EDNS(udpPayloadSize: 1232)),
                      Message.queryBytes(id: 1, name: name, type: .a, recursionDesired: true, edns: EDNS(udpPayloadSize: 1232))] {
            let (reply, hit) = Self.serve(other, cache: cache, state: state)
            #expect(!hit)
            #expect(Self.canonical(reply) == Self.canonical(Self.responder(other, state: state).0))
        }
    }

    @Test("weighted replies are never replayed (RP-04)", arguments: ["w.cache.test."])
    func randomRepliesAreNotStored(_ qname: String) {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        let packet = Message.queryBytes(id: 3, name: CacheFixture.name(qname), type: .a)
        for _ in 0..<3 {
            #expect(!Self.serve(packet, cache: cache, state: state).1)
        }
    }

    @Test("a new serving state empties the cache")
    func newStateEmpties() {
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        let packet = Message.queryBytes(id: 4, name: CacheFixture.name("www.cache.test."), type: .a)
        let old = CacheFixture.state(wwwLast: 1)
        _ = Self.serve(packet, cache: cache, state: old)
        #expect(Self.serve(packet, cache: cache, state: old).1)
        let new = CacheFixture.state(wwwLast: 9, generation: 2)
        let (reply, hit) = Self.serve(packet, cache: cache, state: new)
        #expect(!hit)
        #expect(Self.canonical(reply)?.answers.map(\.rdata) == [[192, 0, 2, 9]])
    }

    @Test("when full it starts over instead of growing")
    func fullCacheStartsOver() {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 2, arenaBytes: 1 << 16)
        let queries = ["www.cache.test.", "nope.cache.test.", "other.cache.test."].map {
            Message.queryBytes(id: 5, name: CacheFixture.name($0), type: .a)
        }
        for query in queries { _ = Self.serve(query, cache: cache, state: state) }
        #expect(!Self.serve(queries[0], cache: cache, state: state).1, "the first entry survived a full cache")
        #expect(Self.serve(queries[2], cache: cache, state: state).1)
    }

    @Test("malformed or compressed questions go to the responder uncached")
    func oddQuestionsAreNotKeys() {
        let state = CacheFixture.state()
        let cache = ResponseCache(entries: 64, arenaBytes: 1 << 16)
        var compressed = Message.queryBytes(id: 6, name: CacheFixture.name("www.cache.test."), type: .a)
        compressed.replaceSubrange(12..<(12 + 16), with: [0xC0, 12])
        let short: [UInt8] = [0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77]
        for packet in [compressed, short, compressed, short] {
            let (reply, hit) = Self.serve(packet, cache: cache, state: state)
            #expect(!hit)
            #expect(Self.canonical(reply) == Self.canonical(Self.responder(packet, state: state).0))
        }
    }
}
