import AnswerEngine
import DNSWire
import Testing

/// Which replies a listener may replay for an identical query (issue 6, `QueryOutcome.cacheable`):
/// only those that are a pure function of the query and the serving state, up to the order of
/// multi-value RRsets (RR-10), which the reply marks as shuffled spans so a replay re-shuffles
/// them. A reply that made a weighted or multivalue draw (RP-04, RP-06) or asked where the client
/// is (latency, geolocation, IP-based: RP-07…RP-10) must be computed afresh for every query.
@Suite("Cacheable replies (issue 6)")
struct CacheabilityTests {
    private static let zone = """
    one A 192.0.2.1
    two A 192.0.2.1,192.0.2.2
    fo A 192.0.2.10 id=p failover=PRIMARY hc=hc-p
    fo A 192.0.2.11 id=s failover=SECONDARY
    w A 192.0.2.20 id=a weight=70
    w A 192.0.2.21 id=b weight=30
    mv A 192.0.2.30 id=m1 multivalue
    mv A 192.0.2.31 id=m2 multivalue
    lat A 192.0.2.40 id=use1 region=us-east-1
    lat A 192.0.2.41 id=euw1 region=eu-west-1
    geo A 192.0.2.50 id=all country=*
    alias CNAME one.example.com.
    """

    struct Row: Sendable, CustomTestStringConvertible {
        var qname: String
        var type: RRType = .a
        var cacheable: Bool
        /// Multi-value RRsets in the reply, which a replay re-shuffles (this zone's apex NS set
        /// has one value; the DNSServer cache tests cover Route 53's four).
        var shuffled = 0
        var why: String
        var testDescription: String { "\(qname) \(type): \(cacheable ? "cacheable" : "not cacheable") (\(why))" }
    }

    static let rows: [Row] = [
        Row(qname: "one.example.com", cacheable: true, why: "simple, one value"),
        Row(qname: "two.example.com", cacheable: true, shuffled: 1, why: "RR-10 order is replayed shuffled"),
        Row(qname: "fo.example.com", cacheable: true, why: "failover reads health only"),
        Row(qname: "w.example.com", cacheable: false, why: "RP-04 weighted draw"),
        Row(qname: "mv.example.com", cacheable: false, why: "RP-06 multivalue draw"),
        Row(qname: "lat.example.com", cacheable: false, why: "RP-07 depends on the client"),
        Row(qname: "geo.example.com", cacheable: false, why: "RP-08 depends on the client"),
        Row(qname: "alias.example.com", cacheable: true, why: "CNAME, one target"),
        Row(qname: "nope.example.com", cacheable: true, why: "NXDOMAIN"),
        Row(qname: "one.example.com", type: .txt, cacheable: true, why: "NODATA"),
        Row(qname: "www.example.org", cacheable: true, why: "REFUSED outside every zone"),
    ]

    @Test(arguments: rows)
    func cacheability(_ row: Row) throws {
        let state = ServingState(snapshot: try ScenarioZone.snapshot(Self.zone))
        let packet = Message.queryBytes(id: 7, name: Fixtures.name(row.qname), type: row.type)
        var outcome = QueryOutcome()
        let reply = packet.withUnsafeBytes {
            Responder.respond(to: $0, transport: .udp, client: ClientAddress(ipv4: 0xC633_6401), state: state,
                              outcome: &outcome)
        }
        #expect(reply != nil)
        #expect(outcome.kind == .query)
        #expect(outcome.cacheable == row.cacheable, "\(row.why)")
        if row.cacheable { #expect(outcome.shuffled.count == row.shuffled, "\(row.why)") }
    }

    @Test("header-only replies are not offered for caching")
    func headerOnly() {
        let state = ServingState(snapshot: .empty)
        var outcome = QueryOutcome()
        let notify: [UInt8] = [0, 1, 0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        _ = notify.withUnsafeBytes { Responder.respond(to: $0, transport: .udp, client: nil, state: state, outcome: &outcome) }
        #expect(outcome.kind == .notImplemented)
        #expect(!outcome.cacheable)
    }
}
