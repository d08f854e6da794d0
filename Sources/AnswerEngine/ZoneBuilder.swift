import DNSWire
import Route53Model

/// Builds one `CompiledZone`: a node for every owner name and every ancestor up to the apex (so
/// empty non-terminals exist, RFC 4592 §2.2.2), policy groups per (name, type) (RR-01), cuts,
/// wildcard links and resolved alias targets.
struct ZoneBuilder {
    let id: String
    let apex: DomainName
    let healthSlots: [String: Int]
    /// The lab client tables, for the per-client orders of RP-07…RP-10.
    let clientIndex: ClientRoutingIndex
    private var nodes: [ZoneNode] = []
    private var index: [NameKey: Int32] = [:]

    init(id: String, apex: DomainName, healthSlots: [String: Int], clientIndex: ClientRoutingIndex = .empty) {
        self.id = id
        self.apex = apex
        self.healthSlots = healthSlots
        self.clientIndex = clientIndex
        _ = node(for: apex)
    }

    /// Room for `names` nodes: a large zone then builds its table without rehashing every node
    /// again at each doubling (issue 6, scale).
    mutating func reserveCapacity(_ names: Int) {
        nodes.reserveCapacity(names)
        index.reserveCapacity(names)
    }

    /// Adds one record set; ignores sets outside the zone or without values or alias target.
    mutating func add(_ recordSet: ResourceRecordSet) {
        let owner = recordSet.name.foldedSharingStorage()
        guard owner.isSubdomain(of: apex), !recordSet.records.isEmpty || recordSet.aliasTarget != nil else { return }
        let rdata = recordSet.records.map(\.rdata)
        let alias = recordSet.aliasTarget.map {
            AliasLink(targetName: $0.dnsName.lowercased(), targetZoneID: $0.hostedZoneId, target: nil,
                      evaluateTargetHealth: $0.evaluateTargetHealth)
        }
        let member = PolicyMember(
            setIdentifier: recordSet.setIdentifier, routing: recordSet.routing, ttl: recordSet.ttl ?? 0,
            rdata: alias == nil ? rdata : [],
            targets: alias == nil ? rdata.compactMap { SnapshotCompiler.additionalTarget(type: recordSet.type, rdata: $0) } : [],
            alias: alias, healthSlot: recordSet.healthCheckId.flatMap { healthSlots[$0] })
        let position = Int(node(for: owner))
        if let existing = nodes[position].groupIndex(of: recordSet.type) {
            nodes[position].groups[existing].members.append(member)
        } else {
            nodes[position].groups.append(PolicyGroup(type: recordSet.type, policy: recordSet.routing.kind, members: [member]))
        }
    }

    /// Finishes the zone: orders members, compiles client routing, marks cuts, resolves aliases,
    /// precomputes the SOA.
    mutating func finish() -> CompiledZone {
        orderMembers()
        for nodeIndex in nodes.indices {
            for groupIndex in nodes[nodeIndex].groups.indices {
                nodes[nodeIndex].groups[groupIndex].clientRouting =
                    Self.clientRouting(for: nodes[nodeIndex].groups[groupIndex], index: clientIndex)
            }
        }
        markCuts()
        resolveAliases()
        let apexNode = nodes[0]
        return CompiledZone(id: id, apex: apex, nodes: nodes, index: index,
                            negativeSOA: negativeSOA(apexNode), apexNSGroup: apexNode.groupIndex(of: .ns))
    }

    /// The node of `name`, creating it and its missing ancestors (parents get lower indices).
    private mutating func node(for name: DomainName) -> Int32 {
        let key = NameKey(name.wire[...])
        if let found = index[key] { return found }
        let parent: Int32 = name == apex ? -1 : node(for: name.parent ?? apex)
        let position = Int32(nodes.count)
        nodes.append(ZoneNode(name: name, parent: parent))
        index[key] = position
        if parent >= 0 && name.isWildcard { nodes[Int(parent)].wildcardChild = position }
        return position
    }

    /// Latency members in Region order, geoproximity members in SetIdentifier order: the fixed
    /// orders that break ties in the per-client orders and serve clients no table entry matches.
    private mutating func orderMembers() {
        for nodeIndex in nodes.indices {
            for groupIndex in nodes[nodeIndex].groups.indices {
                switch nodes[nodeIndex].groups[groupIndex].policy {
                case .latency:
                    nodes[nodeIndex].groups[groupIndex].members.sort { Self.region($0) < Self.region($1) }
                case .geoproximity:
                    nodes[nodeIndex].groups[groupIndex].members.sort { ($0.setIdentifier ?? "") < ($1.setIdentifier ?? "") }
                default:
                    break
                }
            }
        }
    }

    private static func region(_ member: PolicyMember) -> String {
        if case .latency(let region) = member.routing { return region }
        return ""
    }

    /// A non-apex node with NS data is a delegation point (RR-13); everything at or below the
    /// highest such point is occluded (DNS-07). Parents precede children, so one pass suffices.
    private mutating func markCuts() {
        for position in nodes.indices.dropFirst() {
            let parent = Int(nodes[position].parent)
            if nodes[parent].cut >= 0 {
                nodes[position].cut = nodes[parent].cut
            } else if nodes[position].groupIndex(of: .ns) != nil {
                nodes[position].cut = Int32(position)
            }
        }
    }

    /// Links each same-zone alias to the group of its own type at the target name (AL-02, AL-03).
    private mutating func resolveAliases() {
        for nodeIndex in nodes.indices {
            for groupIndex in nodes[nodeIndex].groups.indices {
                let type = nodes[nodeIndex].groups[groupIndex].type
                for memberIndex in nodes[nodeIndex].groups[groupIndex].members.indices {
                    guard var link = nodes[nodeIndex].groups[groupIndex].members[memberIndex].alias else { continue }
                    link.target = target(of: link, type: type)
                    nodes[nodeIndex].groups[groupIndex].members[memberIndex].alias = link
                }
            }
        }
    }

    private func target(of link: AliasLink, type: RRType) -> GroupRef? {
        // A record in another hosted zone can never be an alias target (AL-02).
        guard link.targetZoneID == id, link.targetName.isSubdomain(of: apex),
              let node = index[NameKey(link.targetName.wire[...])],
              let group = nodes[Int(node)].groupIndex(of: type) else { return nil }
        return GroupRef(node: node, group: Int32(group))
    }

    /// The apex SOA with TTL min(SOA TTL, MINIMUM) for negative answers (HZ-04).
    private func negativeSOA(_ apexNode: ZoneNode) -> ResourceRecord? {
        guard let group = apexNode.groupIndex(of: .soa), let member = apexNode.groups[group].members.first,
              let rdata = member.rdata.first, rdata.count >= 22 else { return nil }
        let tail = rdata.suffix(4)
        let minimum = tail.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return ResourceRecord(name: apex, type: .soa, ttl: min(member.ttl, minimum), rdata: rdata)
    }
}
