import DNSWire

/// Answers one well-formed QUERY for class IN (or ANY) from a snapshot, writing the answer,
/// authority and additional sections (spec §7). The header's RCODE, AA and TC and the OPT record
/// are left to `Responder`, which reads `rcode`, `authoritative` and `builder.truncated`.
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
    var generator: Generator
    var builder: ResponseBuilder
    private(set) var rcode: RCode = .noError
    private(set) var authoritative = false
    /// Names whose A/AAAA records go into the additional section (DNS-04), in order of appearance.
    var additionalTargets: [AdditionalTarget] = []
    /// The type answered at QNAME (nil for none, `.any` for every type), so the additional
    /// section does not repeat the answer.
    var answeredType: RRType?
    private let afterQuestion: MessageWriter.Checkpoint

    init(snapshot: AnswerSnapshot, health: HealthVector, query: Query, generator: Generator, builder: ResponseBuilder) {
        self.snapshot = snapshot
        self.health = health
        self.query = query
        queryName = FoldedName(query.name)
        classAny = query.rrClass == .any
        self.generator = generator
        self.builder = builder
        afterQuestion = builder.writer.checkpoint()
    }

    /// Looks QNAME up and writes the response body.
    mutating func run() {
        let isDS = query.type == .ds
        // DNS-02 longest suffix; DNS-03 no zone → REFUSED without AA.
        guard let (zoneIndex, apexOffset) = snapshot.zone(containing: queryName, dsParent: isDS) else {
            rcode = .refused
            return
        }
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
        builder.reset(to: afterQuestion)
        additionalTargets.removeAll()
        rcode = .servFail
        authoritative = false
    }
}
