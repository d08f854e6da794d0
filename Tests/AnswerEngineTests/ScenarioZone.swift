import AnswerEngine
import DNSWire
import Route53Model
import Testing
import ZoneText

/// Policy record sets as text, one record set per line, for scenario rows (architecture.md
/// pattern 4: records in text, not code). Owners are relative to `example.com` (`@` = apex):
///
///     <owner> <TYPE> <value[,value…]|-> [key=value | flag]…
///
/// Keys: `ttl` (default 60), `id` (SetIdentifier), `weight`, `failover` (PRIMARY/SECONDARY),
/// `multivalue`, `region` (latency), `continent`, `country`, `subdivision` (geolocation; `country=*`
/// is the default location), `awsregion`, `localzone`, `coords=lat/long`, `bias` (geoproximity),
/// `cidr=collection/location`, `hc` (HealthCheckId), `alias` (same-zone target, value `-`), `eth`.
enum ScenarioZone {
    static let apexText = """
    $ORIGIN example.com.
    @ 172800 NS ns1.example.com.
    @ 900 SOA ns1.example.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400
    ns1 300 A 192.0.2.53
    """

    struct Malformed: Error, CustomStringConvertible {
        let line: String
        var description: String { "malformed scenario line: \(line)" }
    }

    /// The example.com zone with the apex records and every record set of `text`.
    static func zone(_ text: String) throws -> HostedZone {
        let apex = try Fixtures.simpleSets(apexText, origin: "example.com")
        let sets = try text.split(separator: "\n").map { try recordSet(String($0)) }
        return Fixtures.zone("example.com", id: Fixtures.exampleID, sets: apex + sets)
    }

    /// `zone(text)` compiled with `tables`.
    static func snapshot(_ text: String, tables: ClientRoutingTables = .empty, generation: UInt64 = 1) throws -> AnswerSnapshot {
        SnapshotCompiler.compile(zones: [try zone(text)], routingTables: tables, generation: generation)
    }

    static func recordSet(_ line: String) throws -> ResourceRecordSet {
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count >= 3, let type = RRType(mnemonic: fields[1]) else { throw Malformed(line: line) }
        let owner = fields[0] == "@" ? "example.com" : fields[0] + ".example.com"
        var options: [String: String] = [:]
        for field in fields.dropFirst(3) {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            options[parts[0]] = parts.count == 2 ? parts[1] : ""
        }
        let routing = try self.routing(options, line: line)
        var set = ResourceRecordSet(name: Fixtures.name(owner), type: type, setIdentifier: options["id"], routing: routing,
                                    healthCheckId: options["hc"])
        if let target = options["alias"] {
            set.aliasTarget = AliasTarget(hostedZoneId: Fixtures.exampleID,
                                          dnsName: Fixtures.name(target == "@" ? "example.com" : target + ".example.com"),
                                          evaluateTargetHealth: options["eth"] != nil)
        } else {
            set.ttl = UInt32(options["ttl"] ?? "60") ?? 60
            set.records = try fields[2].split(separator: ",").map {
                RecordValue(text: String($0), rdata: try RDataText.parse(type: type, text: String($0)))
            }
        }
        return set
    }

    private static func routing(_ options: [String: String], line: String) throws -> RoutingPolicy {
        if let weight = options["weight"] {
            guard let value = UInt8(weight) else { throw Malformed(line: line) }
            return .weighted(weight: value)
        }
        if let role = options["failover"] {
            guard let value = FailoverRole(rawValue: role) else { throw Malformed(line: line) }
            return .failover(value)
        }
        if options["multivalue"] != nil { return .multivalue }
        if let region = options["region"] { return .latency(region: region) }
        if options["continent"] != nil || options["country"] != nil {
            return .geolocation(GeoLocation(continentCode: options["continent"], countryCode: options["country"],
                                            subdivisionCode: options["subdivision"]))
        }
        if options["awsregion"] != nil || options["localzone"] != nil || options["coords"] != nil {
            let coordinates = options["coords"]?.split(separator: "/").map(String.init)
            return .geoproximity(GeoProximityLocation(awsRegion: options["awsregion"], localZoneGroup: options["localzone"],
                                                      latitude: coordinates?.first, longitude: coordinates?.last,
                                                      bias: options["bias"].flatMap { Int($0) }))
        }
        if let cidr = options["cidr"] {
            let parts = cidr.split(separator: "/").map(String.init)
            guard parts.count == 2 else { throw Malformed(line: line) }
            return .cidr(CidrRoutingConfig(collectionId: parts[0], locationName: parts[1]))
        }
        return .simple
    }
}

/// Client addresses and subnets written as text in rows.
enum ClientText {
    /// `192.0.2.1` or `2001:db8::1` (a resolver address), nil for `-`.
    static func address(_ text: String) -> ClientAddress? {
        let isIPv6 = text.contains(":")
        guard text != "-", let bytes = try? RDataText.parse(type: isIPv6 ? .aaaa : .a, text: text) else { return nil }
        return ClientAddress(bytes)
    }

    /// `198.51.100.0/24` → an ECS option (RFC 7871 §6) with the significant bytes only.
    static func subnet(_ text: String) -> ClientSubnet? {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2, let prefix = UInt8(parts[1]), let address = self.address(parts[0]) else { return nil }
        let family: UInt16 = address.family == .ipv4 ? 1 : 2
        return ClientSubnet(family: family, sourcePrefixLength: prefix,
                            address: Array(address.bytes.prefix((Int(prefix) + 7) / 8)))
    }

    /// A lab table block, e.g. `198.51.100.0/24`.
    static func block(_ text: String) -> CIDRBlock {
        let parts = text.split(separator: "/").map(String.init)
        let address = parts.first.flatMap { self.address($0) }
        return CIDRBlock(address: address?.bytes ?? [], prefixLength: parts.count == 2 ? Int(parts[1]) ?? 0 : 0)
    }
}

/// One query of a scenario through the data-plane entry point (`ServingState`).
enum ScenarioExchange {
    /// Asks `qname`/`qtype` from a state serving `snapshot` with `failing` checks down, as
    /// resolver `client` (text, `-` for none) with optional ECS `subnet` text.
    static func ask(_ qname: String, _ qtype: RRType = .a, snapshot: AnswerSnapshot, failing: [String] = [],
                    client: String = "-", subnet: String? = nil, seed: UInt64 = 1,
                    sourceLocation: SourceLocation = #_sourceLocation) -> Reply? {
        let state = ServingState(snapshot: snapshot, healthStatuses: Dictionary(uniqueKeysWithValues: failing.map { ($0, false) }))
        return ask(qname, qtype, state: state, client: client, subnet: subnet, seed: seed, sourceLocation: sourceLocation)
    }

    static func ask(_ qname: String, _ qtype: RRType = .a, state: ServingState, client: String = "-",
                    subnet: String? = nil, seed: UInt64 = 1, sourceLocation: SourceLocation = #_sourceLocation) -> Reply? {
        let edns = subnet.map { EDNS(udpPayloadSize: 1232, clientSubnet: ClientText.subnet($0)) }
        let packet = Message.queryBytes(id: 0x5353, name: Fixtures.name(qname), type: qtype, class: .in, edns: edns)
        var generator = SplitMix64(seed: seed)
        guard let bytes = Responder.respond(to: packet, transport: .udp, client: ClientText.address(client), state: state,
                                            using: &generator) else {
            Issue.record("query dropped", sourceLocation: sourceLocation)
            return nil
        }
        guard let reply = Reply(bytes) else {
            Issue.record("undecodable reply \(bytes)", sourceLocation: sourceLocation)
            return nil
        }
        return reply
    }

    /// The last field (the value) of each answer record.
    static func values(_ reply: Reply) -> [String] {
        reply.answer.compactMap { $0.split(separator: " ").last.map(String.init) }
    }
}
