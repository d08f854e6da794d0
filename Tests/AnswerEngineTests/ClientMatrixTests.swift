import AnswerEngine
import DNSWire
import Testing

/// Health-vector × client × query matrices for the client-aware policies: latency (RP-07),
/// geolocation (RP-08), geoproximity (RP-09) and IP-based (RP-10), with the clients of
/// `ScenarioTables`. The client is the ECS subnet when the query has one, else the resolver (DNS-09).
enum ClientMatrixZones {
    static let latency = """
    lat A 192.0.2.61 id=use1 region=us-east-1 hc=u
    lat A 192.0.2.62 id=euw1 region=eu-west-1 hc=e
    lat A 192.0.2.63 id=apse1 region=ap-southeast-1 hc=s
    lat A 192.0.2.64 id=euw3 region=eu-west-3 hc=p
    """
    static let geolocation = """
    geo A 192.0.2.71 id=ca country=US subdivision=CA hc=ca
    geo A 192.0.2.72 id=us country=US hc=us
    geo A 192.0.2.75 id=na continent=NA hc=na
    geo A 192.0.2.73 id=any country=* hc=any
    geo A 192.0.2.74 id=eu continent=EU hc=eu
    geo A 192.0.2.76 id=fr country=FR hc=fr
    """
    static let geolocationLowerCase = "geo A 192.0.2.77 id=ca country=us subdivision=ca"
    static let geoproximity = """
    gp A 192.0.2.81 id=a-use1 awsregion=us-east-1 hc=g1
    gp A 192.0.2.82 id=b-euw1 awsregion=eu-west-1 hc=g2
    gp A 192.0.2.83 id=c-syd coords=-33.87/151.21 hc=g3
    """
    static let geoproximityPositiveBias = """
    gp A 192.0.2.84 id=a-use1 awsregion=us-east-1 bias=90
    gp A 192.0.2.85 id=b-euw1 awsregion=eu-west-1
    """
    static let geoproximityNegativeBias = """
    gp A 192.0.2.86 id=a-use1 awsregion=us-east-1
    gp A 192.0.2.87 id=b-euw1 awsregion=eu-west-1 bias=-90
    """
    static let geoproximityLocalZone = """
    gp A 192.0.2.88 id=a-use1 awsregion=us-east-1
    gp A 192.0.2.89 id=b-lax localzone=us-west-2-lax-1
    """
    static let cidr = """
    ip A 192.0.2.91 id=office cidr=c1/office hc=o
    ip A 192.0.2.92 id=lab cidr=c1/lab hc=l
    ip A 192.0.2.93 id=v6 cidr=c1/v6
    ip A 192.0.2.94 id=default cidr=c1/* hc=d
    """
    static let cidrWithoutDefault = "ip A 192.0.2.91 id=office cidr=c1/office"
    static let cidrUnknownCollection = """
    ip A 192.0.2.91 id=office cidr=nope/office
    ip A 192.0.2.94 id=default cidr=nope/*
    """
}

private func row(_ label: String, _ zone: String, _ qname: String, client: String, subnet: String? = nil,
                 failing: [String] = [], _ value: String?) -> ScenarioRow {
    ScenarioRow(label: label, zone: zone, failing: failing, client: client, subnet: subnet, qname: qname + ".example.com",
                expected: value.map { .values([$0]) } ?? .nodata)
}

private let ca = ScenarioTables.californiaClient
private let ny = ScenarioTables.newYorkClient
private let de = ScenarioTables.germanyClient
private let fr = ScenarioTables.franceClient
private let bare = ScenarioTables.bareClient
private let unmapped = ScenarioTables.unmappedClient
private let latency = ClientMatrixZones.latency
private let geo = ClientMatrixZones.geolocation
private let proximity = ClientMatrixZones.geoproximity
private let cidr = ClientMatrixZones.cidr

private let latencyRows: [ScenarioRow] = [
    row("RP-07 CA: nearest us-east-1", latency, "lat", client: ca, "192.0.2.61"),
    row("RP-07 CA: us-east-1 failing → eu-west-1", latency, "lat", client: ca, failing: ["u"], "192.0.2.62"),
    row("RP-07 CA: listed Regions failing → unlisted in name order", latency, "lat", client: ca, failing: ["u", "e"], "192.0.2.63"),
    row("RP-07 CA: three failing → the last one", latency, "lat", client: ca, failing: ["u", "e", "s"], "192.0.2.64"),
    row("RP-07 CA: all failing → nearest (last resort)", latency, "lat", client: ca, failing: ["u", "e", "s", "p"], "192.0.2.61"),
    row("RP-07 NY /25 wins over the /24: us-east-1 then name order", latency, "lat", client: ny, failing: ["u"], "192.0.2.63"),
    row("RP-07 DE: eu-west-1", latency, "lat", client: de, "192.0.2.62"),
    row("RP-07 DE: eu-west-1 failing → us-east-1", latency, "lat", client: de, failing: ["e"], "192.0.2.61"),
    row("RP-07 DE: both listed failing → ap-southeast-1", latency, "lat", client: de, failing: ["e", "u"], "192.0.2.63"),
    row("RP-07 FR (IPv6): eu-west-3", latency, "lat", client: fr, "192.0.2.64"),
    row("RP-07 FR (IPv6): eu-west-3 failing → eu-west-1", latency, "lat", client: fr, failing: ["p"], "192.0.2.62"),
    row("RP-07 network without order → default order", latency, "lat", client: bare, "192.0.2.61"),
    row("RP-07 network without order, default failing → name order", latency, "lat", client: bare, failing: ["u"], "192.0.2.63"),
    row("RP-07 unmapped client → default order", latency, "lat", client: unmapped, failing: ["u"], "192.0.2.63"),
    row("RP-07 unknown client → default order", latency, "lat", client: "-", "192.0.2.61"),
    row("DNS-09 ECS wins over the resolver address", latency, "lat", client: de, subnet: "198.51.100.0/24", "192.0.2.61"),
    row("DNS-09 ECS subnet shorter than every network → default", latency, "lat", client: ca, subnet: "198.0.0.0/8",
        failing: ["u"], "192.0.2.63"),
    ScenarioRow(label: "RP-07 no tables → Region name order", zone: latency, client: ca, qname: "lat.example.com",
                expected: .values(["192.0.2.63"]), tables: .empty),
]

private let geolocationRows: [ScenarioRow] = [
    row("RP-08 CA: subdivision", geo, "geo", client: ca, "192.0.2.71"),
    row("RP-08 CA: subdivision failing → country", geo, "geo", client: ca, failing: ["ca"], "192.0.2.72"),
    row("RP-08 CA: → continent", geo, "geo", client: ca, failing: ["ca", "us"], "192.0.2.75"),
    row("RP-08 CA: → default *", geo, "geo", client: ca, failing: ["ca", "us", "na"], "192.0.2.73"),
    row("RP-08 CA: all failing → most specific (last resort)", geo, "geo", client: ca, failing: ["ca", "us", "na", "any"],
        "192.0.2.71"),
    row("RP-08 NY: no NY record → country", geo, "geo", client: ny, "192.0.2.72"),
    row("RP-08 NY: country failing → continent", geo, "geo", client: ny, failing: ["us"], "192.0.2.75"),
    row("RP-08 DE: no DE record → continent EU", geo, "geo", client: de, "192.0.2.74"),
    row("RP-08 DE: EU failing → *", geo, "geo", client: de, failing: ["eu"], "192.0.2.73"),
    row("RP-08 DE: EU and * failing → EU (last resort)", geo, "geo", client: de, failing: ["eu", "any"], "192.0.2.74"),
    row("RP-08 FR (IPv6): country", geo, "geo", client: fr, "192.0.2.76"),
    row("RP-08 FR (IPv6): country failing → continent", geo, "geo", client: fr, failing: ["fr"], "192.0.2.74"),
    row("RP-08 network without codes → *", geo, "geo", client: bare, "192.0.2.73"),
    row("RP-08 unmapped → *", geo, "geo", client: unmapped, "192.0.2.73"),
    row("RP-08 unmapped, * failing → * (only candidate)", geo, "geo", client: unmapped, failing: ["any"], "192.0.2.73"),
    row("RP-08 unknown client → *", geo, "geo", client: "-", "192.0.2.73"),
    row("DNS-09 ECS in CA with a German resolver → subdivision", geo, "geo", client: de, subnet: "198.51.100.0/24", "192.0.2.71"),
    row("RP-08 EU only: DE → EU", VectorZones.geolocationEuropeOnly, "geo", client: de, "192.0.2.74"),
    row("RP-08 EU only: unmapped → NODATA", VectorZones.geolocationEuropeOnly, "geo", client: unmapped, nil),
    row("RP-08 codes compare case-insensitively", ClientMatrixZones.geolocationLowerCase, "geo", client: ca, "192.0.2.77"),
]

private let proximityRows: [ScenarioRow] = [
    row("RP-09 CA: us-east-1 closest", proximity, "gp", client: ca, "192.0.2.81"),
    row("RP-09 CA: closest failing → next closest", proximity, "gp", client: ca, failing: ["g1"], "192.0.2.82"),
    row("RP-09 CA: two failing → coordinates record", proximity, "gp", client: ca, failing: ["g1", "g2"], "192.0.2.83"),
    row("RP-09 CA: all failing → closest (last resort)", proximity, "gp", client: ca, failing: ["g1", "g2", "g3"], "192.0.2.81"),
    row("RP-09 DE: eu-west-1 closest", proximity, "gp", client: de, "192.0.2.82"),
    row("RP-09 DE: eu-west-1 failing → us-east-1", proximity, "gp", client: de, failing: ["g2"], "192.0.2.81"),
    row("RP-09 FR (IPv6): eu-west-1 closest", proximity, "gp", client: fr, "192.0.2.82"),
    row("RP-09 no coordinates → SetIdentifier order", proximity, "gp", client: bare, failing: ["g1"], "192.0.2.82"),
    row("RP-09 unmapped → SetIdentifier order", proximity, "gp", client: unmapped, "192.0.2.81"),
    row("RP-09 bias +90 pulls DE to us-east-1", ClientMatrixZones.geoproximityPositiveBias, "gp", client: de, "192.0.2.84"),
    row("RP-09 bias −90 pushes DE off eu-west-1", ClientMatrixZones.geoproximityNegativeBias, "gp", client: de, "192.0.2.86"),
    row("RP-09 local zone group at its parent Region", ClientMatrixZones.geoproximityLocalZone, "gp", client: ca, "192.0.2.89"),
]

private let cidrRows: [ScenarioRow] = [
    row("RP-10 longest prefix: lab /24", cidr, "ip", client: "10.1.2.3", "192.0.2.92"),
    row("RP-10 lab failing → office /16", cidr, "ip", client: "10.1.2.3", failing: ["l"], "192.0.2.91"),
    row("RP-10 lab and office failing → *", cidr, "ip", client: "10.1.2.3", failing: ["l", "o"], "192.0.2.94"),
    row("RP-10 all failing → most specific (last resort)", cidr, "ip", client: "10.1.2.3", failing: ["l", "o", "d"], "192.0.2.92"),
    row("RP-10 office only", cidr, "ip", client: "10.1.9.9", "192.0.2.91"),
    row("RP-10 office failing → *", cidr, "ip", client: "10.1.9.9", failing: ["o"], "192.0.2.94"),
    row("RP-10 no block → *", cidr, "ip", client: "10.2.0.1", "192.0.2.94"),
    row("RP-10 no block, * failing → * (only candidate)", cidr, "ip", client: "10.2.0.1", failing: ["d"], "192.0.2.94"),
    row("RP-10 IPv6 block", cidr, "ip", client: "2001:db8:ff::1", "192.0.2.93"),
    row("RP-10 unknown client → *", cidr, "ip", client: "-", "192.0.2.94"),
    row("RP-10 ECS /16 is shorter than the lab /24 → office", cidr, "ip", client: "10.1.2.3", subnet: "10.1.0.0/16", "192.0.2.91"),
    row("RP-10 ECS /8 matches no block → *", cidr, "ip", client: "10.1.2.3", subnet: "10.0.0.0/8", "192.0.2.94"),
    row("RP-10 ECS /24 → lab", cidr, "ip", client: "10.2.0.1", subnet: "10.1.2.0/24", "192.0.2.92"),
    row("RP-10 no match, no default → NODATA", ClientMatrixZones.cidrWithoutDefault, "ip", client: "10.2.0.1", nil),
    row("RP-10 match without default", ClientMatrixZones.cidrWithoutDefault, "ip", client: "10.1.2.3", "192.0.2.91"),
    row("RP-10 collection unknown to the tables → *", ClientMatrixZones.cidrUnknownCollection, "ip", client: "10.1.2.3",
        "192.0.2.94"),
]

@Suite("Health-vector × client matrix: latency, geolocation, geoproximity, IP-based")
struct ClientMatrixTests {
    @Test(arguments: latencyRows)
    func latency(_ row: ScenarioRow) throws {
        try row.check(seeds: 1...5)
    }

    @Test(arguments: geolocationRows)
    func geolocation(_ row: ScenarioRow) throws {
        try row.check(seeds: 1...5)
    }

    @Test(arguments: proximityRows)
    func geoproximity(_ row: ScenarioRow) throws {
        try row.check(seeds: 1...5)
    }

    @Test(arguments: cidrRows)
    func ipBased(_ row: ScenarioRow) throws {
        try row.check(seeds: 1...5)
    }
}
