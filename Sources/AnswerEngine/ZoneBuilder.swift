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
    /// The parent of each node (-1 for the apex), for `markCuts`: kept here, not in the node, so a
    /// served node is 32 bytes instead of 40 (issue 6, scale).
    private var parents: [Int32] = []
    private var index = NodeTable()
    /// The record sets added (the zone's own array, shared, when added whole).
    private var source: [ResourceRecordSet] = []
    /// Each served set of `source`, in order, with its node: laid out per node and group in
    /// `finish`. Two indices, not a built member: the members are made once, in place (a copy
    /// per set was ~40 MB of a million-record compile's peak, issue 6, scale).
    private var pending: [PendingSet] = []

    private struct PendingSet {
        let node: Int32
        let set: Int32
    }

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
        parents.reserveCapacity(names)
        pending.reserveCapacity(names)
        index.reserveCapacity(names, in: nodes)
    }

    /// Adds one record set; ignores sets outside the zone or without values or alias target.
    mutating func add(_ recordSet: ResourceRecordSet) {
        add([recordSet])
    }

    /// Adds record sets in order (sharing the array when it is the first added).
    mutating func add(_ recordSets: [ResourceRecordSet]) {
        let first = source.count
        if source.isEmpty { source = recordSets } else { source += recordSets }
        let ahead = NameIndex.prefetchDistance
        // Read through a buffer of a local reference: a copy of each set was three retains and
        // three releases (issue 6, scale).
        let all = source
        all.withUnsafeBufferPointer { sets in
            for position in first..<sets.count {
                ResourceRecordSet.prefetchObjects(sets, at: position + MemoryHint.objectDistance)
                if position + ahead < sets.count { index.prefetch(sets[position + ahead].name) }
                guard !sets[position].records.isEmpty || sets[position].isAlias else { continue }
                let owner = sets[position].name.foldedSharingStorage()
                guard owner.isSubdomain(of: apex) else { continue }
                pending.append(PendingSet(node: node(for: owner), set: Int32(position)))
            }
        }
    }

    /// The answer form of `recordSet`. Static: called on `self` inside the mutating `finish`, it
    /// copied the whole builder (a retain and a release of every array) per record set, ~5 % of a
    /// million-record compile (issue 6, scale).
    private static func member(_ recordSet: ResourceRecordSet, healthSlots: [String: Int]) -> PolicyMember {
        let alias = recordSet.aliasTarget.map {
            AliasLink(targetName: $0.dnsName.lowercased(), targetZoneID: $0.hostedZoneId, target: nil,
                      evaluateTargetHealth: $0.evaluateTargetHealth)
        }
        // Only NS, CNAME, MX and SRV values name targets: walking the values of every other set
        // retained and released each one (issue 6, scale).
        let type = recordSet.type
        let targets = alias == nil && SnapshotCompiler.namesAdditionalTargets(type)
            ? recordSet.records.compactMap { SnapshotCompiler.additionalTarget(type: type, rdata: $0.rdata) } : []
        guard recordSet.hasExtras else {
            // A simple set: no SetIdentifier, routing, alias or health check to read.
            return PolicyMember(setIdentifier: nil, routing: .simple, ttl: recordSet.ttl ?? 0, values: recordSet.records,
                                targets: targets, alias: nil, healthSlot: nil)
        }
        return PolicyMember(
            setIdentifier: recordSet.setIdentifier, routing: recordSet.routing, ttl: recordSet.ttl ?? 0,
            values: alias == nil ? recordSet.records : [], targets: targets,
            alias: alias, healthSlot: recordSet.healthCheckId.flatMap { healthSlots[$0] })
    }

    /// Where one group's members and one node's groups lie in the zone-wide arrays.
    private struct GroupLayout {
        let type: RRType
        let policy: RoutingPolicy.Kind
        /// Int32 bounds: a million-name zone holds one layout per group while it is laid out.
        let members: Range<Int32>
    }

    /// Finishes the zone: lays members out per node and group (groups in the order their first
    /// record set was added, members in added order, RR-01), orders members, resolves aliases,
    /// compiles client routing, marks cuts, precomputes the SOA.
    mutating func finish() -> CompiledZone {
        var members: [PolicyMember] = []
        members.reserveCapacity(pending.count)
        // Groups ≤ sets: sized once, as a doubling array would briefly hold two copies.
        var layouts: [GroupLayout] = []
        layouts.reserveCapacity(pending.count)
        var nodeGroups = [Range<Int32>](repeating: 0..<0, count: nodes.count)
        // Members by node, in added order (a counting sort: the zone may add a name's sets apart).
        var starts = [Int32](repeating: 0, count: nodes.count + 1)
        for entry in pending { starts[Int(entry.node) + 1] += 1 }
        for position in nodes.indices { starts[position + 1] += starts[position] }
        var order = [Int32](repeating: 0, count: pending.count)
        var next = starts
        for entry in pending {
            order[Int(next[Int(entry.node)])] = entry.set
            next[Int(entry.node)] += 1
        }
        next = []
        pending = []
        // Read through buffers: a slice of `order` per node and a copy of each record set read
        // were a retain and a release apiece, most of a million-name compile's refcounting
        // (issue 6, scale).
        let healthSlots = healthSlots
        source.withUnsafeBufferPointer { sets in
            order.withUnsafeBufferPointer { order in
                for node in nodeGroups.indices {
                    let run = Int(starts[node])..<Int(starts[node + 1])
                    let firstGroup = layouts.count
                    for offset in run {
                        // The value array each member retains, a few members ahead.
                        if offset + MemoryHint.objectDistance < order.count {
                            ResourceRecordSet.prefetchObjects(sets, at: Int(order[offset + MemoryHint.objectDistance]))
                        }
                        let first = Int(order[offset])
                        let type = sets[first].type
                        // The first record set of its type at this node opens the group and takes
                        // every later one of that type (a handful of sets per name; at most 100 per group).
                        guard !order[run.lowerBound..<offset].contains(where: { sets[Int($0)].type == type }) else { continue }
                        let start = members.count
                        for entry in offset..<run.upperBound where sets[Int(order[entry])].type == type {
                            members.append(Self.member(sets[Int(order[entry])], healthSlots: healthSlots))
                        }
                        layouts.append(GroupLayout(type: type, policy: sets[first].routing.kind, members: Int32(start)..<Int32(members.count)))
                    }
                    nodeGroups[node] = Int32(firstGroup)..<Int32(layouts.count)
                }
            }
        }
        source = []
        order = []
        starts = []
        markCuts { node in layouts[nodeGroups[node].asInt].contains { $0.type == .ns } }
        orderMembers(&members, layouts)
        resolveAliases(&members, layouts: layouts, nodeGroups: nodeGroups)
        // `members` is final from here on: the groups share it.
        var groups: [PolicyGroup] = []
        groups.reserveCapacity(layouts.count)
        for layout in layouts {
            var group = PolicyGroup(type: layout.type, policy: layout.policy, members: FlatList(members, layout.members.asInt))
            group.clientRouting = Self.clientRouting(for: group, index: clientIndex)
            groups.append(group)
        }
        for node in nodes.indices {
            nodes[node].groups = FlatList(groups, nodeGroups[node].asInt)
        }
        parents = []
        let apexNode = nodes[0]
        return CompiledZone(id: id, apex: apex, nodes: nodes, index: index,
                            negativeSOA: negativeSOA(apexNode), apexNSGroup: apexNode.groupIndex(of: .ns))
    }

    /// The node of `name`, creating it and its missing ancestors (parents get lower indices).
    private mutating func node(for name: DomainName) -> Int32 {
        if let found = index.find(name.wire[...], in: nodes) { return found }
        let parent: Int32 = name == apex ? -1 : parentNode(of: name)
        let position = Int32(nodes.count)
        nodes.append(ZoneNode(name: name))
        parents.append(parent)
        index.insert(position, in: nodes)
        if parent >= 0 && name.isWildcard { nodes[Int(parent)].wildcardChild = position }
        return position
    }

    /// The node of `name`'s parent, found by its wire suffix: making the parent's name first cost
    /// an allocation per owner of a million-name zone whose parent exists (issue 6, scale).
    private mutating func parentNode(of name: DomainName) -> Int32 {
        if let found = index.find(name.wire[(Int(name.wire[0]) + 1)...], in: nodes) { return found }
        return node(for: name.parent ?? apex)
    }

    /// Latency members in Region order, geoproximity members in SetIdentifier order: the fixed
    /// orders that break ties in the per-client orders and serve clients no table entry matches.
    private func orderMembers(_ members: inout [PolicyMember], _ layouts: [GroupLayout]) {
        for layout in layouts {
            switch layout.policy {
            case .latency:
                members[layout.members.asInt].sort { Self.region($0) < Self.region($1) }
            case .geoproximity:
                members[layout.members.asInt].sort { ($0.setIdentifier ?? "") < ($1.setIdentifier ?? "") }
            default:
                break
            }
        }
    }

    private static func region(_ member: PolicyMember) -> String {
        if case .latency(let region) = member.routing { return region }
        return ""
    }

    /// A non-apex node with NS data is a delegation point (RR-13); everything at or below the
    /// highest such point is occluded (DNS-07). Parents precede children, so one pass suffices.
    /// `hasNS` answers from the group layouts: asking each node's groups copied a group per node.
    private mutating func markCuts(hasNS: (Int) -> Bool) {
        let parents = parents
        nodes.withUnsafeMutableBufferPointer { nodes in
            for position in nodes.indices.dropFirst() {
                let parent = Int(parents[position])
                if nodes[parent].cut >= 0 {
                    nodes[position].cut = nodes[parent].cut
                } else if hasNS(position) {
                    nodes[position].cut = Int32(position)
                }
            }
        }
    }

    /// Links each same-zone alias to the group of its own type at the target name (AL-02, AL-03).
    private func resolveAliases(_ members: inout [PolicyMember], layouts: [GroupLayout], nodeGroups: [Range<Int32>]) {
        for layout in layouts {
            for position in layout.members.asInt {
                guard var link = members[position].alias else { continue }
                link.target = target(of: link, type: layout.type, layouts: layouts, nodeGroups: nodeGroups)
                members[position].alias = link
            }
        }
    }

    private func target(of link: AliasLink, type: RRType, layouts: [GroupLayout], nodeGroups: [Range<Int32>]) -> GroupRef? {
        // A record in another hosted zone can never be an alias target (AL-02).
        guard link.targetZoneID == id, link.targetName.isSubdomain(of: apex),
              let node = index.find(link.targetName.wire[...], in: nodes),
              let group = nodeGroups[Int(node)].first(where: { layouts[Int($0)].type == type }) else { return nil }
        return GroupRef(node: node, group: Int32(group - nodeGroups[Int(node)].lowerBound))
    }

    /// The apex SOA with TTL min(SOA TTL, MINIMUM) for negative answers (HZ-04).
    private func negativeSOA(_ apexNode: ZoneNode) -> ResourceRecord? {
        guard let group = apexNode.groupIndex(of: .soa), let member = apexNode.groups[group].members.first,
              let rdata = member.values.first?.rdata, rdata.count >= 22 else { return nil }
        let tail = rdata.suffix(4)
        let minimum = tail.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return ResourceRecord(name: apex, type: .soa, ttl: min(member.ttl, minimum), rdata: rdata)
    }
}

private extension Range<Int32> {
    /// The same bounds as array indices.
    var asInt: Range<Int> { Int(lowerBound)..<Int(upperBound) }
}
