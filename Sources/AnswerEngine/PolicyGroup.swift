import DNSWire
import Route53Model

/// All record sets of one (name, type) with their routing (RR-01): the unit a routing policy
/// chooses from (RP-01). A simple record set is a group of one.
struct PolicyGroup: Sendable {
    // Stored widest first so a group is 32 bytes, not 40 (issue 6, scale: one group per name).
    let members: FlatList<PolicyMember>
    /// Per-client candidate orders for latency, geolocation, geoproximity and IP-based groups
    /// (RP-07…RP-10), set when the zone is finished.
    var clientRouting: ClientRouting = .none
    let type: RRType
    /// The policy of the group; every member shares it after validation (RP-01).
    let policy: RoutingPolicy.Kind

    init(type: RRType, policy: RoutingPolicy.Kind, members: FlatList<PolicyMember>) {
        self.type = type
        self.policy = policy
        self.members = members
    }

    /// A group over its own array (tests and small zones).
    init(type: RRType, policy: RoutingPolicy.Kind, members: [PolicyMember]) {
        self.init(type: type, policy: policy, members: FlatList(members))
    }
}

/// One record set inside a policy group: either values with a TTL or an alias (RR-07, AL-01).
///
/// A zone of a million simple record sets holds a million members, so what only policy and alias
/// members have lives in one boxed `Extras` that simple members leave out (issue 6, scale: the
/// member went from ~180 to 32 bytes). Readers see the same properties as before.
struct PolicyMember: Sendable {
    /// TTL of `rdata`; unused for aliases (they take the target's TTL, AL-05).
    let ttl: UInt32
    /// Every value in stored order (answers shuffle them, RR-10); the wire RDATA is `.rdata`.
    /// The record set's own array, shared with the model: a million-record zone no longer holds
    /// a second array per record set (issue 6, scale).
    let values: [RecordValue]
    /// Lower-cased names that NS, MX, SRV and CNAME values point at, for the additional
    /// section (DNS-04). Empty for other types.
    let targets: [DomainName]
    /// Nil for a simple member without alias or health check.
    private var extras: Extras?

    /// The fields a simple, healthy-by-default, non-alias member does not need.
    final class Extras: Sendable {
        let setIdentifier: String?
        let routing: RoutingPolicy
        let alias: AliasLink?
        let healthSlot: Int?

        init(setIdentifier: String?, routing: RoutingPolicy, alias: AliasLink?, healthSlot: Int?) {
            self.setIdentifier = setIdentifier
            self.routing = routing
            self.alias = alias
            self.healthSlot = healthSlot
        }
    }

    init(setIdentifier: String?, routing: RoutingPolicy, ttl: UInt32, values: [RecordValue], targets: [DomainName],
         alias: AliasLink?, healthSlot: Int?) {
        self.ttl = ttl
        self.values = values
        self.targets = targets
        if setIdentifier == nil, routing == .simple, alias == nil, healthSlot == nil {
            extras = nil
        } else {
            extras = Extras(setIdentifier: setIdentifier, routing: routing, alias: alias, healthSlot: healthSlot)
        }
    }

    var setIdentifier: String? { extras?.setIdentifier }

    var routing: RoutingPolicy { extras?.routing ?? .simple }

    /// Set for alias members; resolved to a group once every name of the zone is known.
    var alias: AliasLink? {
        get { extras?.alias }
        set {
            extras = Extras(setIdentifier: setIdentifier, routing: routing, alias: newValue, healthSlot: healthSlot)
        }
    }

    /// Slot of the member's health check in the health vector; nil when it has none (RP-02:
    /// always healthy).
    var healthSlot: Int? { extras?.healthSlot }

    var isAlias: Bool { extras?.alias != nil }

    /// Weighted routing weight (RP-04); 0 for other policies.
    var weight: Int {
        if case .weighted(let weight) = routing { return Int(weight) }
        return 0
    }
}

/// A same-zone alias target resolved at compile time (AL-02, AL-06).
struct AliasLink: Sendable {
    /// Lower-cased target name and hosted-zone ID as configured (AL-01).
    let targetName: DomainName
    let targetZoneID: String
    /// Node and group of the target inside the alias's own zone; nil when the target does not
    /// exist or lies outside the zone (answered SERVFAIL, AL-06 lab rule).
    var target: GroupRef?
    let evaluateTargetHealth: Bool
}

/// The position of a policy group inside one compiled zone.
struct GroupRef: Sendable, Hashable {
    let node: Int32
    let group: Int32
}

/// One owner name of a zone: its policy groups and what the resolver must know about its place in
/// the tree (existence, delegation, wildcard child).
struct ZoneNode: Sendable {
    /// Lower-cased owner name.
    let name: DomainName
    var groups: FlatList<PolicyGroup> = .empty
    /// The highest delegation point (non-apex NS owner) at or above this node, -1 when none:
    /// data at or below it is occluded (DNS-07).
    var cut: Int32 = -1
    /// Index of the `*.<this name>` node, -1 when absent (RFC 4592 §2.1.1, RR-04).
    var wildcardChild: Int32 = -1

    /// A node with no record sets exists only because a descendant does: an empty non-terminal
    /// (RFC 4592 §2.2.2, RR-05.4).
    var isEmptyNonTerminal: Bool { groups.isEmpty }

    /// The index of the group of `type`, if any. Linear: a name holds a handful of types.
    @inline(__always)
    func groupIndex(of type: RRType) -> Int? {
        for index in groups.indices where groups[index].type == type {
            return index
        }
        return nil
    }
}
