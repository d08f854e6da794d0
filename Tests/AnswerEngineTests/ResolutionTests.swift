import AnswerEngine
import DNSWire
import Testing

/// One query against the fixture zones and the whole expected response (architecture.md pattern 4:
/// resolver cases as rows, records as zone-file text).
struct ResolutionRow: CustomTestStringConvertible, Sendable {
    let label: String
    let qname: String
    let qtype: RRType
    var rcode: RCode = .noError
    var aa = true
    var answer: [String] = []
    var authority: [String] = []
    var additional: [String] = []

    var testDescription: String { label }
}

private let apexNS = ["example.com. 172800 IN NS ns-2.awsdns-02.net.", "example.com. 172800 IN NS ns1.example.com."]
private let nsGlue = ["ns1.example.com. 300 IN A 192.0.2.53", "ns1.example.com. 300 IN AAAA 2001:db8::53"]
private let soa = ["example.com. 900 IN SOA ns1.example.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]
private let wwwA = ["www.example.com. 300 IN A 192.0.2.1", "www.example.com. 300 IN A 192.0.2.2"]

private func positive(_ label: String, _ qname: String, _ qtype: RRType, _ answer: [String],
                      additional: [String] = []) -> ResolutionRow {
    ResolutionRow(label: label, qname: qname, qtype: qtype, answer: answer, authority: apexNS,
                  additional: additional + nsGlue)
}

private func nodata(_ label: String, _ qname: String, _ qtype: RRType) -> ResolutionRow {
    ResolutionRow(label: label, qname: qname, qtype: qtype, authority: soa)
}

private let rows: [ResolutionRow] = [
    // DNS-04 positive answers.
    positive("DNS-04 A with two values", "www.example.com", .a, wwwA),
    positive("TXT", "txt.example.com", .txt, ["txt.example.com. 300 IN TXT \"hello\""]),
    positive("DNS-04 MX targets in this zone and another hosted zone go to additional", "example.com", .mx,
             ["example.com. 300 IN MX 10 mail.example.com.", "example.com. 300 IN MX 20 mx.other.test."],
             additional: ["mail.example.com. 300 IN A 192.0.2.25", "mx.other.test. 300 IN A 192.0.2.200",
                          "mx.other.test. 300 IN AAAA 2001:db8::200"]),
    positive("DNS-04 SRV target address in additional", "_sip._tcp.example.com", .srv,
             ["_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.com."],
             additional: ["sip.example.com. 300 IN A 192.0.2.60"]),
    ResolutionRow(label: "DNS-04 apex NS answer has no authority section", qname: "example.com", qtype: .ns,
                  answer: apexNS, additional: nsGlue),
    positive("HZ-03 SOA answer keeps its own TTL", "example.com", .soa,
             ["example.com. 900 IN SOA ns1.example.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]),
    ResolutionRow(label: "additional does not repeat the answer", qname: "ns1.example.com", qtype: .a,
                  answer: ["ns1.example.com. 300 IN A 192.0.2.53"], authority: apexNS,
                  additional: ["ns1.example.com. 300 IN AAAA 2001:db8::53"]),
    positive("name under empty non-terminals", "a.b.c.example.com", .a, ["a.b.c.example.com. 300 IN A 192.0.2.3"]),

    // DNS-05 / DNS-06 negative answers with the HZ-04 SOA TTL.
    ResolutionRow(label: "DNS-05 NXDOMAIN (Q5)", qname: "nope.example.com", qtype: .a, rcode: .nxDomain, authority: soa),
    ResolutionRow(label: "DNS-05 NXDOMAIN below a missing name", qname: "x.nope.example.com", qtype: .txt,
                  rcode: .nxDomain, authority: soa),
    nodata("DNS-06 NODATA for another type (Q6)", "www.example.com", .aaaa),
    nodata("DNS-06 NODATA at an empty non-terminal", "b.c.example.com", .a),
    nodata("DNS-06 NODATA at a higher empty non-terminal", "c.example.com", .txt),
    nodata("meta QTYPE MAILB is looked up like any type (NSD)", "www.example.com", RRType(rawValue: 254)),
    nodata("meta QTYPE OPT is looked up like any type (NSD)", "www.example.com", .opt),

    // RR-04 / RR-05 wildcards (RFC 4592).
    positive("RR-05.5 wildcard answer owned by QNAME", "zzz.wild.example.com", .txt,
             ["zzz.wild.example.com. 300 IN TXT \"wild\""]),
    positive("RR-05.2 wildcard covers deeper names", "x.y.wild.example.com", .txt,
             ["x.y.wild.example.com. 300 IN TXT \"wild\""]),
    positive("wildcard MX target address in additional", "zzz.wild.example.com", .mx,
             ["zzz.wild.example.com. 300 IN MX 10 mail.example.com."],
             additional: ["mail.example.com. 300 IN A 192.0.2.25"]),
    positive("RR-05.1 exact name beats the wildcard", "exact.wild.example.com", .a,
             ["exact.wild.example.com. 300 IN A 192.0.2.4"]),
    nodata("RR-05.4 existing name never uses the wildcard", "exact.wild.example.com", .txt),
    nodata("RR-05.3 wildcard parent is NODATA", "wild.example.com", .txt),
    ResolutionRow(label: "RFC 4592 §2.2.1 a wildcard does not cover names below an existing name",
                  qname: "x.exact.wild.example.com", qtype: .txt, rcode: .nxDomain, authority: soa),
    nodata("RR-05.4 wildcard lacking the type is NODATA", "zzz.wild.example.com", .aaaa),
    positive("query for the wildcard owner itself", "*.wild.example.com", .txt,
             ["*.wild.example.com. 300 IN TXT \"wild\""]),

    // DNS-08 CNAME.
    positive("DNS-08 CNAME answers A, target in additional", "cname.example.com", .a,
             ["cname.example.com. 300 IN CNAME www.example.com."], additional: wwwA),
    positive("DNS-08 CNAME answers QTYPE CNAME", "cname.example.com", .cname,
             ["cname.example.com. 300 IN CNAME www.example.com."], additional: wwwA),
    positive("DNS-08 CNAME answers any type", "cname.example.com", .txt,
             ["cname.example.com. 300 IN CNAME www.example.com."], additional: wwwA),
    positive("DNS-08 CNAME to a name nobody hosts", "outside.example.com", .a,
             ["outside.example.com. 300 IN CNAME elsewhere.example.net."]),
    positive("wildcard CNAME owned by QNAME", "x.cw.example.com", .aaaa,
             ["x.cw.example.com. 300 IN CNAME www.example.com."], additional: wwwA),

    // DNS-07 delegations.
    ResolutionRow(label: "DNS-07 referral at the cut with glue", qname: "sub.example.com", qtype: .a, aa: false,
                  authority: ["sub.example.com. 172800 IN NS ns.example.net.", "sub.example.com. 172800 IN NS ns.sub.example.com."],
                  additional: ["ns.sub.example.com. 300 IN A 192.0.2.100"]),
    ResolutionRow(label: "DNS-07 occluded data below the cut", qname: "deep.sub.example.com", qtype: .a, aa: false,
                  authority: ["sub.example.com. 172800 IN NS ns.example.net.", "sub.example.com. 172800 IN NS ns.sub.example.com."],
                  additional: ["ns.sub.example.com. 300 IN A 192.0.2.100"]),
    ResolutionRow(label: "DNS-07 missing name below the cut", qname: "x.y.sub.example.com", qtype: .mx, aa: false,
                  authority: ["sub.example.com. 172800 IN NS ns.example.net.", "sub.example.com. 172800 IN NS ns.sub.example.com."],
                  additional: ["ns.sub.example.com. 300 IN A 192.0.2.100"]),
    ResolutionRow(label: "DNS-07 NS at the cut is a referral", qname: "sub.example.com", qtype: .ns, aa: false,
                  authority: ["sub.example.com. 172800 IN NS ns.example.net.", "sub.example.com. 172800 IN NS ns.sub.example.com."],
                  additional: ["ns.sub.example.com. 300 IN A 192.0.2.100"]),
    positive("DNS-07 DS at the cut answered by the parent", "sub.example.com", .ds,
             ["sub.example.com. 3600 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]),
    nodata("DNS-07 DS missing at the cut is NODATA", "nods.example.com", .ds),
    positive("RFC 4035 §3.1.4.1 DS at a hosted child apex comes from the parent", "kid.example.com", .ds,
             ["kid.example.com. 3600 IN DS 54321 13 2 fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"]),

    nodata("DS at an apex without a hosted parent is NODATA", "example.com", .ds),
    ResolutionRow(label: "DS at a hosted child apex the parent does not delegate: the child answers",
                  qname: "lonely.other.test", qtype: .ds,
                  authority: ["lonely.other.test. 900 IN SOA ns-4.awsdns-04.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]),

    // DNS-02 zone selection.
    ResolutionRow(label: "DNS-02 longest suffix: hosted child answers", qname: "www.kid.example.com", qtype: .a,
                  answer: ["www.kid.example.com. 300 IN A 192.0.2.111"],
                  authority: ["kid.example.com. 172800 IN NS ns1.kid.example.com."],
                  additional: ["ns1.kid.example.com. 300 IN A 192.0.2.110"]),
    ResolutionRow(label: "HZ-04 child negative TTL is min(SOA TTL, MINIMUM)", qname: "kid.example.com", qtype: .a,
                  authority: ["kid.example.com. 300 IN SOA ns1.kid.example.com. hostmaster.kid.example.com. 7 7200 900 1209600 300"]),
    ResolutionRow(label: "another hosted zone", qname: "mx.other.test", qtype: .a,
                  answer: ["mx.other.test. 300 IN A 192.0.2.200"],
                  authority: ["other.test. 172800 IN NS ns-3.awsdns-03.org."]),
    ResolutionRow(label: "DNS-03 not our zone (Q7)", qname: "www.nothere.test", qtype: .a, rcode: .refused, aa: false),
    ResolutionRow(label: "HZ-14 private zones are not served", qname: "www.private.test", qtype: .a, rcode: .refused, aa: false),
    ResolutionRow(label: "DNS-03 the root is not ours", qname: ".", qtype: .ns, rcode: .refused, aa: false),

    // DNS-10 ANY.
    positive("DNS-10 ANY returns every RRset", "www.example.com", .any, wwwA),
    ResolutionRow(label: "DNS-10 ANY at the apex resolves the alias, no authority", qname: "example.com", qtype: .any,
                  answer: (apexNS + wwwA.map { $0.replacingOwner("example.com.") } + [
                      "example.com. 300 IN MX 10 mail.example.com.", "example.com. 300 IN MX 20 mx.other.test.",
                      "example.com. 900 IN SOA ns1.example.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400",
                  ]).sorted(),
                  additional: ["mail.example.com. 300 IN A 192.0.2.25", "mx.other.test. 300 IN A 192.0.2.200",
                               "mx.other.test. 300 IN AAAA 2001:db8::200"] + nsGlue),
    ResolutionRow(label: "DNS-10 ANY for a missing name", qname: "nope.example.com", qtype: .any, rcode: .nxDomain, authority: soa),
    nodata("DNS-10 ANY at an empty non-terminal", "c.example.com", .any),

    // AL-05 / AL-06 / AL-08 aliases.
    positive("AL-06 apex alias A: target values, target TTL, QNAME owner (Q14, T17)", "example.com", .a,
             wwwA.map { $0.replacingOwner("example.com.") }),
    nodata("AL-06 alias answers only its own type (T18)", "example.com", .aaaa),
    positive("AL-06 alias of type CNAME answers the target CNAME", "alias-cname.example.com", .cname,
             ["alias-cname.example.com. 300 IN CNAME www.example.com."], additional: wwwA),
    positive("AL-06 CNAME alias answers other types like a CNAME", "alias-cname.example.com", .a,
             ["alias-cname.example.com. 300 IN CNAME www.example.com."], additional: wwwA),
    ResolutionRow(label: "AL-06 alias target missing → SERVFAIL", qname: "alias-broken.example.com", qtype: .a,
                  rcode: .servFail, aa: false),
    nodata("AL-06 broken alias still NODATA for other types", "alias-broken.example.com", .aaaa),
    ResolutionRow(label: "AL-02 alias into another zone → SERVFAIL", qname: "alias-foreign.example.com", qtype: .a,
                  rcode: .servFail, aa: false),
    positive("RR-05.6 wildcard alias to the apex, chained", "x.aw.example.com", .a,
             wwwA.map { $0.replacingOwner("x.aw.example.com.") }),
    positive("AL-08 chain of three aliases", "ch1.example.com", .a, wwwA.map { $0.replacingOwner("ch1.example.com.") }),
    positive("AL-08 chain of eight hops is followed", "deep2.example.com", .a,
             wwwA.map { $0.replacingOwner("deep2.example.com.") }),
    ResolutionRow(label: "AL-08 chain of nine hops → SERVFAIL", qname: "deep1.example.com", qtype: .a,
                  rcode: .servFail, aa: false),

    // §4 policies with every record healthy (lab defaults documented on PolicySelector).
    positive("RP-05 failover answers PRIMARY", "fo.example.com", .a, ["fo.example.com. 60 IN A 192.0.2.11"]),
    positive("RP-07 latency without a table: first Region in name order", "lat.example.com", .a,
             ["lat.example.com. 60 IN A 192.0.2.32"]),
    positive("RP-08 geolocation: unmapped client gets the default location", "geo.example.com", .a,
             ["geo.example.com. 60 IN A 192.0.2.43"]),
    nodata("RP-08 geolocation without default is NODATA (T20)", "geo-eu.example.com", .a),
    positive("RP-10 IP-based: unmatched client gets the * location", "cidr.example.com", .a,
             ["cidr.example.com. 60 IN A 192.0.2.52"]),
    positive("RP-09 geoproximity without client position: first SetIdentifier", "gp.example.com", .a,
             ["gp.example.com. 60 IN A 192.0.2.61"]),
    positive("RP-06 multivalue with three healthy records returns all", "mv3.example.com", .a,
             ["mv3.example.com. 60 IN A 192.0.2.91", "mv3.example.com. 60 IN A 192.0.2.92", "mv3.example.com. 60 IN A 192.0.2.93"]),
]

extension String {
    /// The same zone-file line with another owner name.
    func replacingOwner(_ owner: String) -> String {
        guard let space = firstIndex(of: " ") else { return self }
        return owner + self[space...]
    }
}

@Suite("Resolution (DNS-02 … DNS-10, RR-04/05, AL-05/06/08)")
struct ResolutionTests {
    @Test(arguments: rows)
    func row(_ row: ResolutionRow) throws {
        let reply = try #require(Exchange.ask(row.qname, row.qtype))
        #expect(reply.rcode == row.rcode)
        #expect(reply.aa == row.aa)
        #expect(!reply.tc)
        #expect(reply.answer == row.answer.sorted())
        #expect(reply.authority == row.authority.sorted())
        #expect(reply.additional == row.additional.sorted())
    }
}
