import AnswerEngine
import DNSWire
import Testing

/// EvaluateTargetHealth through chains and trees (AL-07, AL-08, RP-02 backtracking): health ×
/// query rows over alias trees.
enum AliasMatrixZones {
    /// Weighted aliases into a weighted pool and a simple record.
    static let weightedAliases = """
    wa A - id=p1 weight=1 alias=pool1 eth
    wa A - id=p2 weight=1 alias=pool2 eth
    pool1 A 192.0.2.151 id=a weight=1 hc=p1a
    pool1 A 192.0.2.152 id=b weight=1 hc=p1b
    pool2 A 192.0.2.153 hc=p2
    """
    /// AL-08's documented pattern: latency alias → weighted aliases → weighted records.
    static let latencyWeightedChain = """
    chain A - id=use1 region=us-east-1 alias=mid-use1 eth
    chain A - id=euw1 region=eu-west-1 alias=mid-euw1 eth
    mid-use1 A - id=x weight=1 alias=leaf-x eth
    mid-use1 A - id=y weight=1 alias=leaf-y eth
    leaf-x A 192.0.2.161 id=x1 weight=1 hc=x1
    leaf-y A 192.0.2.162 id=y1 weight=1 hc=y1
    mid-euw1 A - id=z weight=1 alias=leaf-z eth
    leaf-z A 192.0.2.163 id=z1 weight=1 hc=z1
    """
    /// An alias with its own health check and ETH (AL-07: both must pass).
    static let ownCheckWithETH = """
    own A - id=p failover=PRIMARY alias=tgt eth hc=own
    own A 192.0.2.172 id=s failover=SECONDARY
    tgt A 192.0.2.171
    """
    /// An alias with its own health check and ETH=false: only its own check counts.
    static let ownCheckWithoutETH = """
    own A - id=p failover=PRIMARY alias=tgt hc=own
    own A 192.0.2.174 id=s failover=SECONDARY
    tgt A 192.0.2.173 hc=t
    """
    /// A failover alias into a geolocation group: the group is healthy while any member is.
    static let failoverIntoGeolocation = """
    fg A - id=p failover=PRIMARY alias=geo2 eth
    fg A 192.0.2.189 id=s failover=SECONDARY
    geo2 A 192.0.2.181 id=us country=US hc=gus
    geo2 A 192.0.2.182 id=eu continent=EU hc=geu
    """
    /// ETH through a chain of simple aliases.
    static func simpleChain(middleETH: Bool) -> String {
        """
        fc A - id=p failover=PRIMARY alias=hop1 eth
        fc A 192.0.2.199 id=s failover=SECONDARY
        hop1 A - alias=hop2\(middleETH ? " eth" : "")
        hop2 A 192.0.2.191 hc=h
        """
    }
}

private func aliasRow(_ label: String, _ zone: String, _ qname: String, failing: [String], _ seen: Set<String>,
                      client: String = "-") -> ScenarioRow {
    ScenarioRow(label: label, zone: zone, failing: failing, client: client, qname: qname + ".example.com",
                expected: .values(seen))
}

private let ca = ScenarioTables.californiaClient

private let aliasRows: [ScenarioRow] = [
    aliasRow("AL-07 weighted aliases, all healthy → both pools", AliasMatrixZones.weightedAliases, "wa", failing: [],
             ["192.0.2.151", "192.0.2.152", "192.0.2.153"]),
    aliasRow("AL-07 pool1 all failing → only pool2", AliasMatrixZones.weightedAliases, "wa", failing: ["p1a", "p1b"],
             ["192.0.2.153"]),
    aliasRow("AL-07 one pool1 member failing → pool1 stays eligible", AliasMatrixZones.weightedAliases, "wa",
             failing: ["p1a"], ["192.0.2.152", "192.0.2.153"]),
    aliasRow("AL-07 simple target failing → its alias ineligible", AliasMatrixZones.weightedAliases, "wa", failing: ["p2"],
             ["192.0.2.151", "192.0.2.152"]),
    aliasRow("RP-02 everything failing → last resort at every level", AliasMatrixZones.weightedAliases, "wa",
             failing: ["p1a", "p1b", "p2"], ["192.0.2.151", "192.0.2.152", "192.0.2.153"]),
    aliasRow("AL-08 chain, all healthy → us-east-1 leaves", AliasMatrixZones.latencyWeightedChain, "chain", failing: [],
             ["192.0.2.161", "192.0.2.162"], client: ca),
    aliasRow("AL-08 chain, one leaf failing → backtrack to its sibling", AliasMatrixZones.latencyWeightedChain, "chain",
             failing: ["x1"], ["192.0.2.162"], client: ca),
    aliasRow("AL-08 chain, us-east-1 subtree failing → backtrack to eu-west-1", AliasMatrixZones.latencyWeightedChain,
             "chain", failing: ["x1", "y1"], ["192.0.2.163"], client: ca),
    aliasRow("AL-08 chain, everything failing → nearest Region, last resort below", AliasMatrixZones.latencyWeightedChain,
             "chain", failing: ["x1", "y1", "z1"], ["192.0.2.161", "192.0.2.162"], client: ca),
    aliasRow("AL-07 own check passing, target healthy → PRIMARY alias", AliasMatrixZones.ownCheckWithETH, "own", failing: [],
             ["192.0.2.171"]),
    aliasRow("AL-07 own check failing with a healthy target → SECONDARY", AliasMatrixZones.ownCheckWithETH, "own",
             failing: ["own"], ["192.0.2.172"]),
    aliasRow("AL-07 ETH=false: target failing is ignored", AliasMatrixZones.ownCheckWithoutETH, "own", failing: ["t"],
             ["192.0.2.173"]),
    aliasRow("AL-07 ETH=false: own check failing → SECONDARY", AliasMatrixZones.ownCheckWithoutETH, "own", failing: ["own"],
             ["192.0.2.174"]),
    aliasRow("AL-07 geolocation target healthy while any member is (client gets its own, last resort)",
             AliasMatrixZones.failoverIntoGeolocation, "fg", failing: ["gus"], ["192.0.2.181"], client: ca),
    aliasRow("AL-07 geolocation target with every member failing → SECONDARY", AliasMatrixZones.failoverIntoGeolocation,
             "fg", failing: ["gus", "geu"], ["192.0.2.189"], client: ca),
    aliasRow("AL-08 ETH through a simple chain: leaf failing → SECONDARY", AliasMatrixZones.simpleChain(middleETH: true),
             "fc", failing: ["h"], ["192.0.2.199"]),
    aliasRow("AL-08 ETH through a simple chain: healthy → leaf", AliasMatrixZones.simpleChain(middleETH: true), "fc",
             failing: [], ["192.0.2.191"]),
    aliasRow("AL-07 ETH=false in the middle stops the evaluation", AliasMatrixZones.simpleChain(middleETH: false), "fc",
             failing: ["h"], ["192.0.2.191"]),
]

@Suite("Alias trees with EvaluateTargetHealth (AL-07, AL-08)")
struct AliasMatrixTests {
    @Test(arguments: aliasRows)
    func row(_ row: ScenarioRow) throws {
        try row.check()
    }
}
