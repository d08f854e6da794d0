import DNSWire
import Route53Model
import Yams

extension ConfigLoader {
    /// The keys of a ChangeBatch `ResourceRecordSet` (API model 2013-04-01).
    static let recordSetKeys = [
        "Name", "Type", "SetIdentifier", "Weight", "Region", "GeoLocation", "Failover", "MultiValueAnswer", "TTL",
        "ResourceRecords", "AliasTarget", "HealthCheckId", "TrafficPolicyInstanceId", "CidrRoutingConfig",
        "GeoProximityLocation",
    ]
    static let aliasTargetKeys = ["HostedZoneId", "DNSName", "EvaluateTargetHealth"]
    static let geoLocationKeys = ["ContinentCode", "CountryCode", "SubdivisionCode"]
    static let geoProximityKeys = ["AWSRegion", "LocalZoneGroup", "Coordinates", "Bias"]
    static let coordinatesKeys = ["Latitude", "Longitude"]
    static let cidrKeys = ["CollectionId", "LocationName"]

    /// One `ResourceRecordSets` entry → a record set, or nil when its keys or values are wrong
    /// (everything wrong is reported; zone-level rules come later from `ZoneValidator`).
    static func decodeRecordSet(_ node: Node, path: String, zone: HostedZone, allZones: [HostedZone],
                                context: LoadContext) -> (set: ResourceRecordSet, location: RecordSetLocation)? {
        let reader = context.reader
        guard let fields = reader.mapping(node, path: path, allowed: recordSetKeys) else { return nil }
        var location = RecordSetLocation(path: path, line: fields.line, fieldLines: [:])
        for key in recordSetKeys where fields.has(key) {
            location.fieldLines[key] = fields.line(key)
        }
        let name = fields.string("Name", required: true)
        let type = fields.string("Type", required: true)
        // TTL range per RR-07, checked here so the message names the config's value.
        let ttl = fields.integer("TTL", in: 0...RecordSetText.maximumTTL)
        if fields.has("TrafficPolicyInstanceId") {
            fields.report("TrafficPolicyInstanceId", "traffic policy instances are not supported by Lab53")
        }
        var values: [String] = []
        if let items = fields.sequence("ResourceRecords") {
            for (index, item) in items.enumerated() {
                guard let record = reader.mapping(item.node, path: item.path, allowed: ["Value"]),
                      let value = record.string("Value", required: true) else { continue }
                location.fieldLines["ResourceRecords[\(index)].Value"] = record.line("Value")
                values.append(value)
            }
        }
        let alias = aliasTarget(fields, zone: zone, allZones: allZones, location: &location)
        let routing = routingPolicy(fields, location: &location)
        guard fields.isClean, let name, let type else { return nil }
        let recordFields = RecordSetFields(name: name, type: type, ttl: ttl, values: values, aliasTarget: alias,
                                           setIdentifier: fields.string("SetIdentifier"), routing: routing,
                                           healthCheckId: fields.string("HealthCheckId"))
        do {
            let set = try RecordSetText.recordSet(recordFields)
            checkReferences(set, path: path, location: location, context: context)
            return (set, location)
        } catch {
            for issue in error.issues {
                let issuePath = issue.field.map { "\(path).\($0)" } ?? path
                reader.report(line: location.line(for: issue.field), path: issuePath, issue.explained)
            }
            return nil
        }
    }

    /// `AliasTarget` (AL-01: all three keys required). `HostedZoneId` may be a zone's ID or, as a lab
    /// convenience, a configured zone's name (this zone's first), which is replaced by that zone's ID.
    static func aliasTarget(_ fields: YAMLFields, zone: HostedZone, allZones: [HostedZone],
                            location: inout RecordSetLocation) -> AliasTargetFields? {
        guard let target = fields.mapping("AliasTarget", allowed: aliasTargetKeys) else { return nil }
        for key in aliasTargetKeys where target.has(key) {
            location.fieldLines["AliasTarget.\(key)"] = target.line(key)
        }
        let zoneId = target.string("HostedZoneId", required: true)
        let dnsName = target.string("DNSName", required: true)
        let evaluate = target.bool("EvaluateTargetHealth", required: true)
        guard let zoneId, let dnsName, let evaluate else { return nil }
        return AliasTargetFields(hostedZoneId: resolveZoneId(zoneId, current: zone, allZones: allZones),
                                 dnsName: dnsName, evaluateTargetHealth: evaluate)
    }

    /// A zone ID as given, or the ID of the zone so named (the current zone preferred).
    static func resolveZoneId(_ text: String, current: HostedZone, allZones: [HostedZone]) -> String {
        if allZones.contains(where: { $0.id == text }) || HostedZoneFactory.isValidZoneId(text) { return text }
        guard let name = try? RecordSetText.name(text) else { return text }
        if current.name == name { return current.id }
        return allZones.first { $0.name == name }?.id ?? text
    }

    /// The routing policy from whichever policy field is present (RP-01); more than one is an error.
    static func routingPolicy(_ fields: YAMLFields, location: inout RecordSetLocation) -> RoutingPolicy {
        var policies: [(key: String, policy: RoutingPolicy)] = []
        if let weight = fields.integer("Weight", in: 0...255) {
            policies.append(("Weight", .weighted(weight: UInt8(weight))))
        }
        if let region = fields.string("Region") {
            policies.append(("Region", .latency(region: region)))
        }
        if let role = fields.choice("Failover", ["PRIMARY", "SECONDARY"]).flatMap(FailoverRole.init(rawValue:)) {
            policies.append(("Failover", .failover(role)))
        }
        if fields.bool("MultiValueAnswer") == true {
            policies.append(("MultiValueAnswer", .multivalue))
        }
        if let geo = fields.mapping("GeoLocation", allowed: geoLocationKeys) {
            for key in geoLocationKeys where geo.has(key) { location.fieldLines["GeoLocation.\(key)"] = geo.line(key) }
            policies.append(("GeoLocation", .geolocation(GeoLocation(continentCode: geo.string("ContinentCode"),
                                                                     countryCode: geo.string("CountryCode"),
                                                                     subdivisionCode: geo.string("SubdivisionCode")))))
        }
        if let proximity = fields.mapping("GeoProximityLocation", allowed: geoProximityKeys) {
            let coordinates = proximity.mapping("Coordinates", allowed: coordinatesKeys)
            var proximityLocation = GeoProximityLocation(awsRegion: proximity.string("AWSRegion"),
                                                         localZoneGroup: proximity.string("LocalZoneGroup"),
                                                         latitude: coordinates?.string("Latitude", required: true),
                                                         longitude: coordinates?.string("Longitude", required: true))
            proximityLocation.bias = proximity.integer("Bias", in: -99...99).map { Int($0) }
            policies.append(("GeoProximityLocation", .geoproximity(proximityLocation)))
        }
        if let cidr = fields.mapping("CidrRoutingConfig", allowed: cidrKeys) {
            for key in cidrKeys where cidr.has(key) { location.fieldLines["CidrRoutingConfig.\(key)"] = cidr.line(key) }
            let collection = cidr.string("CollectionId", required: true)
            let name = cidr.string("LocationName", required: true)
            if let collection, let name {
                policies.append(("CidrRoutingConfig", .cidr(CidrRoutingConfig(collectionId: collection, locationName: name))))
            }
        }
        if policies.count > 1 {
            fields.reader.report(line: fields.line, path: fields.path,
                                 "\(policies.map(\.key).joined(separator: " and ")) cannot be combined: a record set has one routing policy (RP-01)")
        }
        return policies.first?.policy ?? .simple
    }
}
