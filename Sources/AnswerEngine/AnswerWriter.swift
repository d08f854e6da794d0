import DNSWire

/// Writes the whole response to one well-formed standard query (spec §7): header, question,
/// answer, authority, additional, OPT. One instance owns the message from start to finish, so
/// the buffer is never shared and never copied.
struct AnswerWriter<Generator: RandomNumberGenerator> {
    /// Longest alias chain followed before answering SERVFAIL (AL-08 lab cap).
    static var maxAliasDepth: Int { 8 }

    let snapshot: AnswerSnapshot
    let health: HealthVector
    let query: Query
    let queryName: FoldedName
    /// QCLASS ANY is answered like IN but, as NSD does, never with AA and without the SOA/NS
    /// authority records (RFC 1034 §4.3.2 leaves class ANY to the server).
    let classAny: Bool
    let limit: Int
    /// Who the answer is for (DNS-09): the ECS subnet when the query has one, else the resolver's
    /// address; nil when unknown (then every client-aware policy treats the client as unmapped).
    let client: ClientAddress?
    /// The query carried ECS, so the response echoes it with `ecsScope` (RFC 7871 §7.2.1).
    let echoesSubnet: Bool
    /// The client's network in the lab tables, looked up on the first client-aware group only.
    var networkMatch: NetworkMatch?
    /// A client-aware group (latency, geo, geoproximity, IP-based; RP-07…RP-10) was resolved, so
    /// the response depends on who asked, not only on the query bytes.
    var consultedClient = false
    /// A weighted or multivalue group was resolved (RP-04, RP-06): the response is a draw.
    var consultedChance = false
    /// SCOPE PREFIX-LENGTH to echo: the longest scope of any client-aware decision taken for this
    /// response; 0 while the answer does not depend on the client.
    var ecsScope: UInt8 = 0
    var generator: Generator
    var builder: ResponseBuilder
    private(set) var rcode: RCode = .noError
    private(set) var authoritative = false
    /// Names whose A/AAAA records go into the additional section (DNS-04), in order of appearance.
    var additionalTargets: [AdditionalTarget] = []
    /// The type answered at QNAME (nil for none, `.any` for every type), so the additional
    /// section does not repeat the answer.
    var answeredType: RRType?
    /// Index of the hosted zone QNAME falls in, -1 for none: what the query counters and the
    /// query log attribute the query to (issue 5 items 3 and 4).
    private(set) var attributedZone = -1

    init(snapshot: AnswerSnapshot, health: HealthVector, query: Query, transport: Transport, client: ClientAddress?,
         generator: Generator) {
        self.snapshot = snapshot
        self.health = health
        self.query = query
        queryName = FoldedName(query.name)
        classAny = query.rrClass == .any
        limit = Responder.sizeLimit(for: query, transport: transport)
        if let subnet = query.edns?.clientSubnet {
            // DNS-09: ECS wins over the resolver's address (RP-07…RP-10).
            self.client = ClientAddress(subnet)
            echoesSubnet = true
        } else {
            self.client = client
            echoesSubnet = false
        }
        self.generator = generator
        builder = Self.headerAndQuestion(query, limit: limit)
    }

    /// A builder holding the header and the question echoed exactly as received (DNS-01).
    private static func headerAndQuestion(_ query: Query, limit: Int) -> ResponseBuilder {
        var builder = ResponseBuilder(limit: limit, reserve: query.edns.map { Responder.optSize(echoing: $0) } ?? 0)
        builder.writer.id = query.id
        // QR set, opcode and RD copied; AA, TC, RA, AD, CD clear (NSD `query_prepare_response`).
        builder.writer.flags = HeaderFlag.qr | HeaderFlag.opcode(query.opcode) | (query.recursionDesired ? HeaderFlag.rd : 0)
        builder.writer.appendQuestion(name: query.name, type: query.type, rrClass: query.rrClass)
        return builder
    }

    /// Decides the response and writes its sections.
    mutating func respond() {
        if let edns = query.edns, edns.version > 0 {
            rcode = .badVers  // RFC 6891 §6.1.3
        } else if query.rrClass != .in && query.rrClass != .any {
            rcode = .refused  // DNS-01: class IN only
        } else if query.type == .axfr || query.type == .ixfr {
            rcode = .refused  // DNS-10: no zone transfers
        } else {
            lookUp()
            return
        }
        // Refused before the lookup: still attributed to the zone for counters and the query
        // log (a rare path, so the extra zone match costs the common path nothing).
        attributedZone = snapshot.zone(containing: queryName, dsParent: query.type == .ds)?.zone ?? -1
    }

    /// Completes the header and appends the OPT record; the response is done.
    mutating func finish() -> [UInt8] {
        builder.writer.setRCode(rcode)
        builder.writer.setFlag(HeaderFlag.aa, authoritative)
        builder.writer.setFlag(HeaderFlag.tc, builder.truncated)
        if let edns = query.edns {
            // DNS-09: OPT advertising 4096, DO echoed (RFC 3225 §3), ECS echoed with its scope
            // (RFC 7871 §7.2.2; not on BADVERS, which answers no EDNS 0 question); it always fits
            // (reserve).
            var options: [UInt8] = []
            if rcode != .badVers, let subnet = edns.clientSubnet {
                options = Responder.echoedSubnetOption(subnet, scope: ecsScope)
            }
            builder.writer.appendOPT(udpPayloadSize: Responder.advertisedPayloadSize, extendedRCode: rcode,
                                     dnssecOK: edns.dnssecOK, options: options)
        }
        return builder.writer.bytes
    }

    /// Looks QNAME up and writes the response body.
    private mutating func lookUp() {
        let isDS = query.type == .ds
        // DNS-02 longest suffix; DNS-03 no zone → REFUSED without AA.
        guard let (zoneIndex, apexOffset) = snapshot.zone(containing: queryName, dsParent: isDS) else {
            rcode = .refused
            return
        }
        attributedZone = zoneIndex
        let zone = snapshot.zones[zoneIndex]
        guard zone.negativeSOA != nil else { return servFail() }
        switch zone.locate(queryName, apexOffset: apexOffset, dsAtCut: isDS) {
        case .referral(let cut):
            referral(zoneIndex: zoneIndex, cut: cut)
        case .nxdomain:
            negative(zone: zone, nxdomain: true)
        case .exact(let node), .wildcard(let node):
            answer(zoneIndex: zoneIndex, node: node)
        }
    }

    /// QNAME exists (or a wildcard synthesises it): DNS-04 positive answer, DNS-08 CNAME, or
    /// DNS-06 NODATA. The owner of every answer record is QNAME as received (RR-05.5, AL-06).
    private mutating func answer(zoneIndex: Int, node nodeIndex: Int32) {
        let zone = snapshot.zones[zoneIndex]
        let node = zone.nodes[Int(nodeIndex)]
        authoritative = !classAny
        var answered = false
        var answerHoldsApexNS = false
        let candidates: Range<Int>
        if query.type == .any {
            // DNS-10 (lab): every RRset at QNAME, each group resolved as for its own type.
            candidates = node.groups.indices
            answeredType = .any
        } else if let group = node.groupIndex(of: query.type) ?? node.groupIndex(of: .cname) {
            // DNS-08: a CNAME answers every type; RR-11 keeps it alone at its name.
            candidates = group..<(group + 1)
            answeredType = node.groups[group].type
        } else {
            candidates = 0..<0
        }
        for group in candidates {
            let type = node.groups[group].type
            switch emitGroup(zoneIndex: zoneIndex, ref: GroupRef(node: nodeIndex, group: Int32(group)),
                             owner: query.name, section: .answer, required: true, targets: .answer(glue: type == .ns)) {
            case .servFail:
                return servFail()
            case .overflow:
                return
            case .empty:
                continue
            case .written:
                answered = true
                if nodeIndex == 0 && type == .ns { answerHoldsApexNS = true }
            }
        }
        guard answered else { return negative(zone: zone, nxdomain: false) }
        // DNS-04: the apex NS set as authority, unless the answer is that set. Optional: when it
        // does not fit it is left out without TC, as NSD does.
        if !answerHoldsApexNS && !classAny, let apexNS = zone.apexNSGroup {
            _ = emitGroup(zoneIndex: zoneIndex, ref: GroupRef(node: 0, group: Int32(apexNS)), owner: zone.apex,
                          section: .authority, required: false, targets: .answer(glue: true))
        }
        writeAdditional()
    }

    /// DNS-07: a referral to the delegation at `cut`: not authoritative, the delegation NS set
    /// in authority, glue in additional.
    private mutating func referral(zoneIndex: Int, cut: Int32) {
        let zone = snapshot.zones[zoneIndex]
        let node = zone.nodes[Int(cut)]
        guard let group = node.groupIndex(of: .ns) else { return servFail() }
        authoritative = false
        let result = emitGroup(zoneIndex: zoneIndex, ref: GroupRef(node: cut, group: Int32(group)), owner: node.name,
                               section: .authority, required: true, targets: .referral(cut: node.name))
        if case .servFail = result { return servFail() }
        writeAdditional()
    }

    /// DNS-05 NXDOMAIN / DNS-06 NODATA: the zone SOA in authority at the negative TTL (HZ-04).
    private mutating func negative(zone: CompiledZone, nxdomain: Bool) {
        if nxdomain { rcode = .nxDomain }
        authoritative = !classAny
        guard !classAny, let soa = zone.negativeSOA else { return }
        builder.beginRRset()
        builder.add(.authority, owner: soa.name, type: .soa, ttl: soa.ttl, rdata: soa.rdata)
        builder.endRRset(required: true)
    }

    /// An internal fault (broken alias chain, zone without SOA): SERVFAIL with the question only.
    private mutating func servFail() {
        builder = Self.headerAndQuestion(query, limit: limit)
        additionalTargets.removeAll()
        ecsScope = 0
        rcode = .servFail
        authoritative = false
    }
}
