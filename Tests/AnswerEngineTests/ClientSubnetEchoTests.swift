import AnswerEngine
import DNSWire
import Testing

/// DNS-09 [I] / RFC 7871 §7.2: a query with EDNS Client Subnet gets the option back, FAMILY,
/// SOURCE PREFIX-LENGTH and ADDRESS copied, SCOPE PREFIX-LENGTH saying how far the answer applies.
@Suite("ECS echo and scope (DNS-09, RFC 7871)")
struct ClientSubnetEchoTests {
    struct ScopeRow: CustomTestStringConvertible, Sendable {
        let label: String
        let zone: String
        let qname: String
        let subnet: String
        let scope: UInt8
        var testDescription: String { label }
    }

    private static let mixed = """
    mix A - id=use1 region=us-east-1 alias=ip
    mix A 192.0.2.62 id=euw1 region=eu-west-1
    ip A 192.0.2.91 id=office cidr=c1/office
    ip A 192.0.2.94 id=default cidr=c1/*
    """
    private static let latency = ClientMatrixZones.latency
    private static let cidr = ClientMatrixZones.cidr

    static let scopeRows: [ScopeRow] = [
        ScopeRow(label: "simple answer: scope 0", zone: latency, qname: "ns1.example.com", subnet: "198.51.100.0/24", scope: 0),
        ScopeRow(label: "NXDOMAIN: scope 0", zone: latency, qname: "nope.example.com", subnet: "198.51.100.0/24", scope: 0),
        ScopeRow(label: "matched /24 holding a /25 the subnet is too short for: capped at the source", zone: latency,
                 qname: "lat.example.com", subnet: "198.51.100.0/24", scope: 24),
        ScopeRow(label: "matched /24, outside its /25: one bit more excludes the /25", zone: latency,
                 qname: "lat.example.com", subnet: "198.51.100.0/26", scope: 25),
        ScopeRow(label: "matched the /25", zone: latency, qname: "lat.example.com", subnet: "198.51.100.128/26", scope: 25),
        ScopeRow(label: "host subnet in the /25", zone: latency, qname: "lat.example.com", subnet: "198.51.100.200/32", scope: 25),
        ScopeRow(label: "IPv6 /48 network", zone: latency, qname: "lat.example.com", subnet: "2001:db8:1::/56", scope: 48),
        ScopeRow(label: "unmatched: the bits that rule every network out", zone: latency, qname: "lat.example.com",
                 subnet: "10.9.0.0/16", scope: 2),
        ScopeRow(label: "unmatched, shorter than a network it covers: the whole source", zone: latency,
                 qname: "lat.example.com", subnet: "198.0.0.0/8", scope: 8),
        ScopeRow(label: "source /0: no client information, scope 0", zone: latency, qname: "lat.example.com",
                 subnet: "0.0.0.0/0", scope: 0),
        ScopeRow(label: "IP-based: matched lab /24", zone: cidr, qname: "ip.example.com", subnet: "10.1.2.0/24", scope: 24),
        ScopeRow(label: "IP-based: matched office /16 beside the lab /24", zone: cidr, qname: "ip.example.com",
                 subnet: "10.1.9.0/24", scope: 21),
        ScopeRow(label: "two client decisions in one answer: the longest scope", zone: mixed, qname: "mix.example.com",
                 subnet: "10.1.2.0/24", scope: 16),
    ]

    @Test(arguments: scopeRows)
    func scope(_ row: ScopeRow) throws {
        let snapshot = try ScenarioZone.snapshot(row.zone, tables: ScenarioTables.tables)
        let reply = try #require(ScenarioExchange.ask(row.qname, snapshot: snapshot, client: ScenarioTables.germanyClient,
                                                      subnet: row.subnet))
        let sent = try #require(ClientText.subnet(row.subnet))
        let echoed = try #require(reply.message.edns?.clientSubnet)
        #expect(echoed.family == sent.family)
        #expect(echoed.sourcePrefixLength == sent.sourcePrefixLength)
        #expect(Array(echoed.address.prefix(sent.address.count)) == sent.address)
        #expect(echoed.scopePrefixLength == row.scope)
        #expect(reply.message.ednsOptions.map(\.code) == [EDNSOption.clientSubnetCode])
    }

    @Test("no ECS in the query: no ECS in the response, resolver address routes")
    func noSubnet() throws {
        let snapshot = try ScenarioZone.snapshot(Self.latency, tables: ScenarioTables.tables)
        let reply = try #require(ScenarioExchange.ask("lat.example.com", snapshot: snapshot, client: ScenarioTables.germanyClient,
                                                      subnet: nil))
        #expect(ScenarioExchange.values(reply) == ["192.0.2.62"])
        #expect(reply.message.edns == nil && reply.message.ednsOptions.isEmpty)
        let withEDNS = Message.queryBytes(id: 1, name: Fixtures.name("lat.example.com"), type: .a, class: .in,
                                          edns: EDNS(udpPayloadSize: 1232))
        var generator = SplitMix64(seed: 1)
        let bytes = try #require(Responder.respond(to: withEDNS, transport: .udp, client: ClientText.address(ScenarioTables.germanyClient),
                                                   state: ServingState(snapshot: snapshot), using: &generator))
        let message = try Message(bytes: bytes)
        #expect(message.edns != nil && message.ednsOptions.isEmpty)
    }

    @Test("BADVERS carries OPT without ECS")
    func badVersion() throws {
        let subnet = ClientText.subnet("198.51.100.0/24")
        let reply = try #require(Exchange.ask("www.example.com", .a, edns: EDNS(udpPayloadSize: 1232, version: 1,
                                                                                  clientSubnet: subnet)))
        #expect(reply.rcode == .badVers)
        #expect(reply.message.ednsOptions.isEmpty)
    }

    @Test("a truncated response still has room for OPT with the echoed ECS", arguments: [24, 56, 128])
    func truncatedKeepsEcho(prefix: Int) throws {
        let text = prefix > 32 ? "2001:db8:1::/\(prefix)" : "198.51.100.0/\(prefix)"
        let reply = try #require(Exchange.ask("big.example.com", .txt,
                                              edns: EDNS(udpPayloadSize: 1232, clientSubnet: ClientText.subnet(text))))
        #expect(reply.tc && reply.bytes.count <= 1232)
        #expect(reply.message.edns?.clientSubnet?.sourcePrefixLength == UInt8(prefix))
        #expect(reply.message.edns?.clientSubnet?.scopePrefixLength == 0)
    }
}
