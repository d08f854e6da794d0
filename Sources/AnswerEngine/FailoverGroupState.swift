import DNSWire
import Route53Model

/// Which record set of a failover pair (RP-05) the engine serves right now, for the metrics
/// exporter (issue 5 item 3: "per failover group which record set is being served").
public struct FailoverGroupState: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public var setIdentifier: String
        /// `PRIMARY` or `SECONDARY`.
        public var role: String
        public var served: Bool
    }

    public var zoneID: String
    /// Owner name, lower-cased, with the trailing dot.
    public var name: String
    public var type: String
    public var members: [Member]
}

extension AnswerSnapshot {
    /// Every failover group of every served zone with the member a query would be answered from
    /// under `health`: the same `PolicySelector.failover` choice and the same member health
    /// (alias members with EvaluateTargetHealth follow their target, AL-07) as the responder.
    /// Computed on demand by the control plane (a scrape), never on the query path.
    public func failoverGroups(health: HealthVector) -> [FailoverGroupState] {
        var result: [FailoverGroupState] = []
        for zone in zones {
            for node in zone.nodes {
                for group in node.groups where group.policy == .failover {
                    let served = PolicySelector.failover(group.members) { index in
                        AnswerWriter<SplitMix64>.isHealthy(group.members[index], zone: zone, health: health, depth: 0)
                    }
                    let members = group.members.enumerated().map { index, member in
                        var role = ""
                        if case .failover(let value) = member.routing { role = value.rawValue }
                        return FailoverGroupState.Member(setIdentifier: member.setIdentifier ?? "", role: role,
                                                         served: index == served)
                    }
                    result.append(FailoverGroupState(zoneID: zone.id, name: node.name.description,
                                                     type: group.type.description, members: members))
                }
            }
        }
        return result
    }
}
