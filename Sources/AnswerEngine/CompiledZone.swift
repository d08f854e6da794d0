import DNSWire

/// One served hosted zone in answer form: its names in a hash table keyed by lower-cased wire
/// name, plus what every negative or positive answer needs, computed once at compile time.
final class CompiledZone: Sendable {
    let id: String
    /// Lower-cased apex name.
    let apex: DomainName
    /// Node 0 is the apex; parents precede their children.
    let nodes: [ZoneNode]
    let index: NodeTable
    /// The SOA for the authority section of NXDOMAIN/NODATA answers, with TTL
    /// min(SOA TTL, SOA MINIMUM) (HZ-04, DNS-05). Nil when the zone has no usable SOA; such a
    /// zone answers SERVFAIL, like NSD for a zone that is configured but not loaded.
    let negativeSOA: ResourceRecord?
    /// Group index of the apex NS set at node 0 (DNS-04 authority), if any.
    let apexNSGroup: Int?

    init(id: String, apex: DomainName, nodes: [ZoneNode], index: NodeTable,
         negativeSOA: ResourceRecord?, apexNSGroup: Int?) {
        self.id = id
        self.apex = apex
        self.nodes = nodes
        self.index = index
        self.negativeSOA = negativeSOA
        self.apexNSGroup = apexNSGroup
    }

    /// Where a name falls inside this zone (RFC 1034 §4.3.2 step 3, RFC 4592 §3.3.1).
    enum Location: Equatable {
        /// The name exists (it has data or is an empty non-terminal) and is authoritative.
        case exact(Int32)
        /// The name does not exist; `*.<closest encloser>` does and synthesises the answer.
        case wildcard(Int32)
        /// Neither the name nor a covering wildcard exists.
        case nxdomain
        /// The name lies at or below the delegation point at this node (DNS-07).
        case referral(Int32)
    }

    /// Locates `name`, whose suffix starting at byte `apexOffset` is this zone's apex.
    ///
    /// - Parameters:
    ///   - dsAtCut: the query type is DS, so a name that *is* a delegation point is answered
    ///     from this (parent) side of the cut (RFC 4035 §3.1.4.1, DNS-07).
    ///   - ignoringCuts: look up occluded data too (glue for referrals, RFC 9471); wildcards are
    ///     never used below a cut.
    func locate(_ name: FoldedName, apexOffset: Int, dsAtCut: Bool = false, ignoringCuts: Bool = false) -> Location {
        if let found = index.find(name.key(from: 0).bytes, in: nodes) {
            let cut = nodes[Int(found)].cut
            if cut >= 0 && !ignoringCuts && !(dsAtCut && cut == found) {
                return .referral(cut)
            }
            return .exact(found)
        }
        // Closest encloser: the longest existing ancestor. Every ancestor of an owner up to the
        // apex is a node, so the walk stops at the apex at the latest.
        var offset = 0
        while offset < apexOffset {
            offset = name.parentOffset(of: offset)
            guard let encloser = index.find(name.key(from: offset).bytes, in: nodes) else { continue }
            let node = nodes[Int(encloser)]
            if node.cut >= 0 {
                return ignoringCuts ? .nxdomain : .referral(node.cut)
            }
            // RR-05.2/RR-05.4: the wildcard covers names that do not exist, at any depth.
            return node.wildcardChild >= 0 ? .wildcard(node.wildcardChild) : .nxdomain
        }
        return .nxdomain
    }

    /// True when `name` is a delegation point of this zone (a non-apex NS owner, RR-13).
    func delegates(_ name: FoldedName) -> Bool {
        guard let found = index.find(name.key(from: 0).bytes, in: nodes) else { return false }
        return nodes[Int(found)].cut == found
    }

    @inline(__always)
    func group(_ ref: GroupRef) -> PolicyGroup {
        nodes[Int(ref.node)].groups[Int(ref.group)]
    }
}
