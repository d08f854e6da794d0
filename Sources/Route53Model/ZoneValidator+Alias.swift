import DNSWire

extension ZoneValidator {
    /// AL-02, AL-04, AL-08: same-zone targets exist with the alias's type; no loops; chains ≤ 8 aliases.
    static func aliasIssues(_ zone: HostedZone, accepted: [Int],
                            isExternalAliasTarget: ((AliasTarget, RRType) -> Bool)?) -> [ValidationIssue] {
        // Most zones have no alias at all: skip the graph of every (name, type) (a tenth of a
        // million-record import, issue 6).
        guard accepted.contains(where: { zone.recordSets[$0].aliasTarget != nil }) else { return [] }
        var graph = AliasGraph()
        for index in accepted {
            let set = zone.recordSets[index]
            graph.present.insert(AliasGraph.Node(name: set.name, type: set.type))
        }
        var sameZone: [(index: Int, from: AliasGraph.Node, to: AliasGraph.Node)] = []
        var issues: [ValidationIssue] = []
        for index in accepted {
            let set = zone.recordSets[index]
            guard let alias = set.aliasTarget else { continue }
            let target = AliasGraph.Node(name: alias.dnsName, type: set.type)
            if alias.hostedZoneId != zone.id {
                // AL-02: another zone's record can never be a target; only configured external
                // targets (LAB-06) are accepted.
                if isExternalAliasTarget?(alias, set.type) != true {
                    issues.append(ValidationIssue(message: Route53Message.aliasTargetNotFound(target: alias.dnsName, type: set.type,
                                                                                              zoneId: alias.hostedZoneId),
                                                  recordSetIndex: index, field: "AliasTarget"))
                }
                continue
            }
            if !alias.dnsName.isSubdomain(of: zone.name) {
                for message in [Route53Message.aliasOutsideTargetZone(target: alias.dnsName, type: set.type, zoneId: zone.id),
                                Route53Message.aliasTargetNotFound(target: alias.dnsName, type: set.type, zoneId: zone.id)] {
                    issues.append(ValidationIssue(message: message, recordSetIndex: index, field: "AliasTarget.DNSName"))
                }
                continue
            }
            if !graph.present.contains(target) {
                issues.append(ValidationIssue(message: Route53Message.aliasTargetNotFound(target: alias.dnsName, type: set.type, zoneId: zone.id),
                                              recordSetIndex: index, field: "AliasTarget.DNSName"))
                continue
            }
            let source = AliasGraph.Node(name: set.name, type: set.type)
            graph.edges[source, default: []].append(target)
            sameZone.append((index, source, target))
        }
        for edge in sameZone {
            let set = zone.recordSets[edge.index]
            let target = set.aliasTarget!.dnsName
            if let chain = graph.loopChain(through: edge.from), graph.loopChain(through: edge.to) != nil {
                issues.append(ValidationIssue(message: Route53Message.aliasLoop(target: target, type: set.type, zoneId: zone.id, chain: chain),
                                              recordSetIndex: edge.index, field: "AliasTarget.DNSName"))
            } else if 1 + graph.depth(of: edge.to) > maximumAliasDepth {
                issues.append(ValidationIssue(message: Route53Message.aliasTooDeep(target: target, type: set.type, zoneId: zone.id,
                                                                                   limit: maximumAliasDepth),
                                              recordSetIndex: edge.index, field: "AliasTarget.DNSName"))
            }
        }
        return issues
    }
}

/// (Name, Type) groups linked by same-zone alias targets; a group with several alias members has
/// several edges (AL-08: a chain may run through groups of aliases).
struct AliasGraph {
    struct Node: Hashable {
        var name: DomainName
        var type: RRType
    }

    var present: Set<Node> = []
    var edges: [Node: [Node]] = [:]
    private var depths: [Node: Int] = [:]
    private var loops: [Node: [DomainName]] = [:]
    private var explored = false

    /// The names around the loop that `node` lies on, starting and ending at it; nil when it lies on none.
    mutating func loopChain(through node: Node) -> [DomainName]? {
        exploreIfNeeded()
        return loops[node]
    }

    /// Longest number of alias hops from `node` to non-alias data (loops count as 0 beyond the loop).
    mutating func depth(of node: Node) -> Int {
        exploreIfNeeded()
        return depths[node] ?? 0
    }

    private mutating func exploreIfNeeded() {
        guard !explored else { return }
        explored = true
        var visiting: Set<Node> = []
        var path: [Node] = []
        for node in edges.keys.sorted(by: { ($0.name, $0.type.rawValue) < ($1.name, $1.type.rawValue) }) {
            _ = visit(node, visiting: &visiting, path: &path)
        }
    }

    /// Depth-first search recording depths and, for every node on a cycle, the cycle's names.
    private mutating func visit(_ node: Node, visiting: inout Set<Node>, path: inout [Node]) -> Int {
        if let known = depths[node] { return known }
        if visiting.contains(node) {
            let start = path.lastIndex(of: node)!
            let cycle = Array(path[start...])
            for (offset, member) in cycle.enumerated() where loops[member] == nil {
                let rotated = Array(cycle[offset...]) + Array(cycle[..<offset]) + [member]
                loops[member] = rotated.map(\.name)
            }
            return 0
        }
        visiting.insert(node)
        path.append(node)
        var best = 0
        for next in edges[node] ?? [] {
            best = max(best, 1 + visit(next, visiting: &visiting, path: &path))
        }
        path.removeLast()
        visiting.remove(node)
        depths[node] = best
        return best
    }
}
