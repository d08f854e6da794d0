import DNSWire

/// A record set chosen to answer: member `member` of group `group` at node `node`.
struct Leaf: Sendable {
    let node: Int32
    let group: Int32
    let member: Int32

    static let none = Leaf(node: -1, group: -1, member: -1)
}

/// What writing one policy group produced.
enum GroupWrite {
    /// At least one record was written.
    case written
    /// The policy chose nothing (geolocation/IP-based without a default, RP-08/RP-10).
    case empty
    /// The RRset did not fit and was left out (the builder knows whether that means TC).
    case overflow
    /// The alias chain is broken or too long (AL-06, AL-08).
    case servFail
}

extension AnswerWriter {
    /// Resolves group `ref` of zone `zoneIndex` through its routing policy and alias chain and
    /// writes the chosen records as one RRset owned by `owner`; notes additional-section targets
    /// according to `targets`.
    mutating func emitGroup(zoneIndex: Int, ref: GroupRef, owner: DomainName, section: MessageSection,
                            required: Bool, targets: TargetMode?) -> GroupWrite {
        let zone = snapshot.zones[zoneIndex]
        var leaves = InlineList8<Leaf>(filler: .none)
        guard collectLeaves(zone: zone, ref: ref, depth: 0, into: &leaves) else { return .servFail }
        guard !leaves.isEmpty else { return .empty }
        let type = zone.group(ref).type
        builder.beginRRset()
        for position in 0..<leaves.count {
            writeRecords(of: leaves[position], zone: zone, owner: owner, type: type, section: section)
        }
        guard builder.endRRset(required: required) else { return .overflow }
        if let targets {
            for position in 0..<leaves.count {
                let leaf = leaves[position]
                let member = zone.nodes[Int(leaf.node)].groups[Int(leaf.group)].members[Int(leaf.member)]
                for name in member.targets {
                    additionalTargets.append(AdditionalTarget(name: name, sourceZone: zoneIndex, mode: targets))
                }
            }
        }
        return .written
    }

    /// The record sets answering for group `ref`: the policy's choice (§4), with aliases replaced
    /// by their target's choice, recursively (AL-06, AL-08). False when an alias cannot be
    /// followed. At most eight leaves: only multivalue picks several, and it has no aliases (RP-06).
    mutating func collectLeaves(zone: CompiledZone, ref: GroupRef, depth: Int, into leaves: inout InlineList8<Leaf>) -> Bool {
        let group = zone.group(ref)
        guard group.policy != .simple else {
            // RP-03: the record set answers whatever its health, nothing to choose: the common
            // path skips the selector (and any client or health lookup) entirely.
            for memberIndex in group.members.indices.prefix(InlineList8<Leaf>.capacity) {
                guard follow(Int32(memberIndex), of: group, zone: zone, ref: ref, depth: depth, into: &leaves) else {
                    return false
                }
            }
            return true
        }
        let health = self.health
        if group.policy == .weighted || group.policy == .multivalue { consultedChance = true }
        let slot = clientSlot(for: group.clientRouting)
        let selection = PolicySelector.select(group, networkSlot: slot, client: client, isHealthy: {
            Self.isHealthy(group.members[$0], zone: zone, health: health, depth: depth)
        }, using: &generator)
        for position in 0..<selection.count {
            guard follow(selection[position], of: group, zone: zone, ref: ref, depth: depth, into: &leaves) else {
                return false
            }
        }
        return true
    }

    /// Adds member `memberIndex` of `group` as a leaf, or what its alias target chooses.
    @inline(__always)
    private mutating func follow(_ memberIndex: Int32, of group: PolicyGroup, zone: CompiledZone, ref: GroupRef, depth: Int,
                                 into leaves: inout InlineList8<Leaf>) -> Bool {
        guard let alias = group.members[Int(memberIndex)].alias else {
            leaves.append(Leaf(node: ref.node, group: ref.group, member: memberIndex))
            return true
        }
        guard let target = alias.target, depth < Self.maxAliasDepth else { return false }
        return collectLeaves(zone: zone, ref: target, depth: depth + 1, into: &leaves)
    }

    /// The client's network slot for a client-aware group (0 for the others), noting the ECS
    /// scope the group's decision needs (RFC 7871 §7.2.1). The table lookup happens once per query.
    @inline(__always)
    mutating func clientSlot(for routing: ClientRouting) -> Int {
        switch routing {
        case .none:
            return 0
        case .ordered:
            consultedClient = true
            let match = networkMatch ?? snapshot.clientIndex.match(client, scoped: echoesSubnet)
            networkMatch = match
            ecsScope = max(ecsScope, match.scope)
            return match.slot
        case .cidr(let routes):
            consultedClient = true
            if echoesSubnet, let client { ecsScope = max(ecsScope, routes.scope(for: client)) }
            return 0
        }
    }

    /// RP-02 healthy(record): its own health check passes (or it has none) and, for an alias with
    /// EvaluateTargetHealth, at least one member of the target group is healthy (AL-07).
    static func isHealthy(_ member: PolicyMember, zone: CompiledZone, health: HealthVector, depth: Int) -> Bool {
        if let slot = member.healthSlot, !health.isHealthy(slot: slot) { return false }
        guard let alias = member.alias, alias.evaluateTargetHealth else { return true }
        guard let target = alias.target, depth < maxAliasDepth else { return false }
        return zone.group(target).members.contains {
            isHealthy($0, zone: zone, health: health, depth: depth + 1)
        }
    }

    /// Writes every value of one record set, in random order (RR-10), with the set's TTL (for an
    /// alias that is the target's TTL, AL-05).
    private mutating func writeRecords(of leaf: Leaf, zone: CompiledZone, owner: DomainName, type: RRType,
                                       section: MessageSection) {
        let member = zone.nodes[Int(leaf.node)].groups[Int(leaf.group)].members[Int(leaf.member)]
        let values = member.values
        guard values.count > 1 else {
            if let only = values.first { builder.add(section, owner: owner, type: type, ttl: member.ttl, rdata: only.rdata) }
            return
        }
        let start = builder.writer.bytes.count
        defer { builder.noteShuffled(from: start) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: values.count) { order in
            for index in 0..<values.count { order.initializeElement(at: index, to: index) }
            for index in stride(from: values.count - 1, to: 0, by: -1) {
                order.swapAt(index, Int.random(in: 0...index, using: &generator))
            }
            for index in 0..<values.count {
                builder.add(section, owner: owner, type: type, ttl: member.ttl, rdata: values[order[index]].rdata)
            }
        }
    }
}
