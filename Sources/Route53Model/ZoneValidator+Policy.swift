import DNSWire

/// RP-01 grouping: one policy per (Name, Type), unique slots, the weighted TTL rule (RR-08), group size (HZ-17).
enum PolicyRules {
    /// The message for adding `set` to `group`, or nil when it fits.
    static func conflict(adding set: ResourceRecordSet, to group: SequentialState.Group) -> ValidationIssue? {
        let kind = set.routing.kind
        guard group.count > 0 else { return nil }
        let identifier = set.setIdentifier ?? "null"
        if group.kind != kind {
            return ValidationIssue(message: mixingMessage(set, kind: kind, identifier: identifier))
        }
        let limit = kind == .geoproximity ? ZoneValidator.maximumGeoproximityGroupSize : ZoneValidator.maximumGroupSize
        if group.count >= limit {
            return ValidationIssue(message: Route53Message.groupTooLarge(name: set.name, type: set.type, limit: limit))
        }
        if case .cidr(let config) = set.routing, let collection = group.cidrCollection, collection != config.collectionId {
            return ValidationIssue(message: Route53Message.cidrCollectionMismatch(name: set.name, type: set.type, setIdentifier: identifier),
                                   field: "CidrRoutingConfig.CollectionId")
        }
        if let slot = slot(of: set.routing), group.slots.contains(slot) {
            return ValidationIssue(message: Route53Message.duplicateRoutingSlot(name: set.name, type: set.type,
                                                                                setIdentifier: identifier, slot: slot))
        }
        if kind == .weighted, !set.isAlias, let ttl = set.ttl, let groupTTL = group.weightedTTL, ttl != groupTTL {
            return ValidationIssue(message: Route53Message.weightedTTL(name: set.name, type: set.type, setIdentifier: identifier),
                                   field: "TTL")
        }
        return nil
    }

    /// Adds `set` to `group` (after `conflict` returned nil).
    static func record(_ set: ResourceRecordSet, in group: inout SequentialState.Group) {
        group.count += 1
        if let slot = slot(of: set.routing) { group.slots.insert(slot) }
        if case .cidr(let config) = set.routing, group.cidrCollection == nil {
            group.cidrCollection = config.collectionId
        }
        if set.routing.kind == .weighted, !set.isAlias, group.weightedTTL == nil {
            group.weightedTTL = set.ttl
        }
    }

    /// The per-group unique slot a policy record occupies (RP-01: at most one PRIMARY and one
    /// SECONDARY, one record per Region, per location).
    static func slot(of routing: RoutingPolicy) -> String? {
        switch routing {
        case .failover(let role): "Failover \(role.rawValue)"
        case .latency(let region): "Region \(region)"
        case .geolocation(let location): "GeoLocation \(location.routingDescription)"
        case .cidr(let config): "CidrRoutingConfig LocationName \(config.locationName)"
        case .geoproximity(let location): "GeoProximityLocation \(proximityKey(location))"
        case .simple, .weighted, .multivalue: nil
        }
    }

    static func proximityKey(_ location: GeoProximityLocation) -> String {
        if let region = location.awsRegion { return "AWSRegion=\(region)" }
        if let group = location.localZoneGroup { return "LocalZoneGroup=\(group)" }
        return "Coordinates=(\(location.latitude ?? ""), \(location.longitude ?? ""))"
    }

    /// RP-01 [O] shapes for mixing policies within one (Name, Type).
    static func mixingMessage(_ set: ResourceRecordSet, kind: RoutingPolicy.Kind, identifier: String) -> String {
        switch set.routing {
        case .simple:
            Route53Message.simpleConflictsWithGroup(name: set.name, type: set.type)
        case .latency(let region):
            Route53Message.nonLatencyExists(name: set.name, type: set.type, setIdentifier: identifier, region: region)
        case .geolocation(let location):
            Route53Message.nonGeoExists(name: set.name, type: set.type, setIdentifier: identifier, location: location)
        default:
            Route53Message.policyConflicts(name: set.name, type: set.type, setIdentifier: identifier, kind: kind)
        }
    }
}
