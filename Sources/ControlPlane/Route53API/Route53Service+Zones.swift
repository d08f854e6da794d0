import DNSWire
import Foundation
import LabStore
import Route53Model

/// CreateHostedZone, GetHostedZone, ListHostedZones(ByName), DeleteHostedZone,
/// UpdateHostedZoneComment, GetHostedZoneCount (HZ-01…HZ-18, API-03, API-23, API-24).
extension Route53Service {
    /// Default quota of hosted zones (HZ-17).
    static let maximumHostedZones = 500

    public struct CreateHostedZoneInput: Sendable {
        public var name: String?
        public var callerReference: String?
        public var comment: String?
        public var isPrivate: Bool
        public var vpcId: String?
        public var vpcRegion: String?
        public var delegationSetId: String?

        public init(name: String?, callerReference: String?, comment: String? = nil, isPrivate: Bool = false,
                    vpcId: String? = nil, vpcRegion: String? = nil, delegationSetId: String? = nil) {
            self.name = name
            self.callerReference = callerReference
            self.comment = comment
            self.isPrivate = isPrivate
            self.vpcId = vpcId
            self.vpcRegion = vpcRegion
            self.delegationSetId = delegationSetId
        }
    }

    public func createHostedZone(_ input: CreateHostedZoneInput, actor: String) throws(Route53Error) -> (StoredZone, ChangeInfo) {
        guard let name = input.name else { throw Self.missing("name", shape: "CreateHostedZoneRequest") }
        guard let reference = input.callerReference else { throw Self.missing("callerReference", shape: "CreateHostedZoneRequest") }
        let seed = settings.withLock { $0.seed }
        let zoneName = try HostedZoneFactory.zoneName(name)
        if input.isPrivate && input.vpcId == nil {
            throw Route53Error(code: Route53Error.invalidInput, message: "When you're creating a private hosted zone (when you specify true for PrivateZone), you must also specify values for VPCId and VPCRegion.")
        }
        if input.isPrivate && input.delegationSetId != nil {
            // HZ-10: reusable sets are for public zones only.
            throw Route53Error(code: Route53Error.invalidInput, message: "A reusable delegation set cannot be used for a private hosted zone.")
        }
        let result: (StoredZone, ChangeRecord) = try write { state throws(Route53Error) in
            if state.hasUsed(reference, .hostedZone) || state.zones.contains(where: { $0.zone.callerReference == reference }) {
                throw Route53Error(code: "HostedZoneAlreadyExists",
                                   message: "A hosted zone has already been created with the specified caller reference.")
            }
            guard state.zones.count < Self.maximumHostedZones else {
                throw Route53Error(code: "TooManyHostedZones",
                                   message: "This operation can't be completed because the current account has reached the limit on the number of hosted zones (\(Self.maximumHostedZones)).")
            }
            var zone = try HostedZoneFactory.makeZone(name: zoneName, callerReference: reference, comment: input.comment,
                                                      isPrivate: input.isPrivate, existing: state.hostedZones, seed: seed)
            if input.isPrivate, let vpcId = input.vpcId {
                zone.vpcs = [VPCAssociation(region: input.vpcRegion ?? "us-east-1", id: vpcId)]
            }
            if let setId = input.delegationSetId.map(Route53IDs.bare) {
                guard let index = state.delegationSetIndex(setId) else {
                    throw Self.noSuchDelegationSet
                }
                let servers = state.delegationSets[index].set.nameServers
                // HZ-10: a related zone already served by one of these servers makes selection ambiguous.
                let conflicting = state.zones.contains { other in
                    NameServerAllocator.related(other.zone.name, zoneName)
                        && !Set(other.zone.delegationSet.nameServers).isDisjoint(with: servers)
                }
                if conflicting {
                    throw Route53Error(code: "ConflictingDomainExists",
                                       message: "Cannot create hosted zone with DelegationSetId \(setId) as the DNSName \(zoneName.route53Description) conflicts with existing ones sharing the delegation set")
                }
                zone.delegationSet = DelegationSet(id: setId, callerReference: state.delegationSets[index].set.callerReference,
                                                   nameServers: servers)
                zone.recordSets = [HostedZoneFactory.nameServerRecordSet(zone: zoneName, nameServers: servers),
                                   HostedZoneFactory.soaRecordSet(zone: zoneName, primary: servers[0])]
            }
            let stored = StoredZone(zone: zone, owner: .api, createdAt: clock())
            let change = changeRecord(operation: "CreateHostedZone", zoneId: zone.id, comment: input.comment, actor: actor,
                                      detail: ["Name": zoneName.route53Description, "CallerReference": reference])
            state.zones.append(stored)
            state.callerReferences[.hostedZone, default: []].insert(reference)
            return ((stored, change), Effects(mutations: [.putZone(stored), .rememberCallerReference(.hostedZone, reference),
                                                          .appendChange(change)], zonesChanged: true))
        }
        return (result.0, ChangeInfo(record: result.1, status: .pending))
    }

    public func hostedZone(id rawId: String) throws(Route53Error) -> StoredZone {
        let id = Route53IDs.bare(rawId)
        return try read { state throws(Route53Error) in
            guard let index = state.zoneIndex(id) else { throw Self.noSuchHostedZone(id) }
            return state.zones[index]
        }
    }

    public func deleteHostedZone(id rawId: String, actor: String) throws(Route53Error) -> ChangeInfo {
        let id = Route53IDs.bare(rawId)
        let record: ChangeRecord = try write { state throws(Route53Error) in
            guard let index = state.zoneIndex(id) else { throw Self.noSuchHostedZone(id) }
            let zone = state.zones[index].zone
            // HZ-16: only the apex SOA and NS may remain.
            let required = zone.recordSets.allSatisfy { $0.name == zone.name && ($0.type == .soa || $0.type == .ns) }
            guard required else {
                throw Route53Error(code: "HostedZoneNotEmpty",
                                   message: "The specified hosted zone contains non-required resource record sets and so cannot be deleted.")
            }
            let change = changeRecord(operation: "DeleteHostedZone", zoneId: id, actor: actor,
                                      detail: ["Name": zone.name.route53Description])
            state.zones.remove(at: index)
            state.tags[TagSetKey(type: .hostedzone, id: id)] = nil
            return (change, Effects(mutations: [.deleteZone(id: id), .appendChange(change)], zonesChanged: true))
        }
        return ChangeInfo(record: record, status: .pending)
    }

    public func updateHostedZoneComment(id rawId: String, comment: String?, actor: String) throws(Route53Error) -> StoredZone {
        let id = Route53IDs.bare(rawId)
        if let comment, comment.count > 256 {
            throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.tooLong(comment, maximum: 256, type: "ResourceDescription"))
        }
        return try write { state throws(Route53Error) in
            guard let index = state.zoneIndex(id) else { throw Self.noSuchHostedZone(id) }
            state.zones[index].zone.comment = comment
            let stored = state.zones[index]
            let change = changeRecord(operation: "UpdateHostedZoneComment", zoneId: id, comment: comment, actor: actor,
                                      detail: ["Comment": comment ?? ""])
            return (stored, Effects(mutations: [.putZoneMetadata(stored), .appendChange(change)]))
        }
    }

    public var hostedZoneCount: Int { state.withLock { $0.zones.count } }

    public struct ZonePage: Sendable {
        public var zones: [StoredZone]
        public var isTruncated: Bool
        /// ListHostedZones: the first zone of the next page (API-23).
        public var nextMarker: String?
        /// ListHostedZonesByName: name and ID of the first zone of the next page (API-24).
        public var nextName: DomainName?
        public var nextZoneId: String?
        public var maxItems: Int
    }

    /// ListHostedZones (API-23): creation order, `marker` = ID of the page's first zone.
    public func listHostedZones(marker: String?, maxItems: String?, delegationSetId: String?, privateOnly: Bool) throws(Route53Error) -> ZonePage {
        let limit = try Self.pageSize(maxItems, maximum: 100)
        return try read { state throws(Route53Error) in
            var zones = state.zones
            if let setId = delegationSetId.map(Route53IDs.bare) {
                guard state.delegationSetIndex(setId) != nil else {
                    throw Self.noSuchDelegationSet
                }
                zones = zones.filter { $0.zone.delegationSet.id == setId }
            }
            if privateOnly { zones = zones.filter(\.zone.isPrivate) }
            let page = try MarkerPage(zones, marker: marker.map(Route53IDs.bare), limit: limit, id: { $0.zone.id }) { marker in
                Route53Error(code: Route53Error.invalidInput, message: "Invalid value for marker: \(marker) is not the ID of a hosted zone.")
            }
            return ZonePage(zones: page.items, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: limit)
        }
    }

    /// ListHostedZonesByName (API-24): reversed-label order of the escaped name, ties by zone ID.
    public func listHostedZonesByName(dnsName: String?, hostedZoneId: String?, maxItems: String?) throws(Route53Error) -> ZonePage {
        let limit = try Self.pageSize(maxItems, maximum: 100)
        if hostedZoneId != nil && dnsName == nil {
            throw Route53Error(code: Route53Error.invalidInput, message: "If you specify hostedzoneid, you must also specify dnsname.")
        }
        let start: DomainName?
        if let dnsName {
            start = try HostedZoneFactory.zoneNameForListing(dnsName)
        } else {
            start = nil
        }
        let startId = hostedZoneId.map(Route53IDs.bare)
        return try read { state in
            let sorted = state.zones.sorted { lhs, rhs in
                let left = ListingOrder.key(lhs.zone.name), right = ListingOrder.key(rhs.zone.name)
                return left != right ? left < right : lhs.zone.id < rhs.zone.id
            }
            var index = 0
            if let start {
                let startKey = ListingOrder.key(start)
                index = sorted.firstIndex { zone in
                    let key = ListingOrder.key(zone.zone.name)
                    if key != startKey { return key > startKey }
                    guard let startId else { return true }
                    return zone.zone.id >= startId
                } ?? sorted.count
            }
            let end = min(sorted.count, index + limit)
            let truncated = end < sorted.count
            return ZonePage(zones: Array(sorted[index..<end]), isTruncated: truncated,
                            nextName: truncated ? sorted[end].zone.name : nil,
                            nextZoneId: truncated ? sorted[end].zone.id : nil, maxItems: limit)
        }
    }

    static func noSuchHostedZone(_ id: String) -> Route53Error {
        Route53Error(code: "NoSuchHostedZone", message: "No hosted zone found with ID: \(id)")
    }

    /// The schema error for an absent required member, in AWS's validation wording.
    static func missing(_ member: String, shape: String) -> Route53Error {
        Route53Error(code: Route53Error.invalidInput,
                     message: "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    }

    /// `maxitems`: a positive integer; values above the maximum are capped (API-22, API-23).
    static func pageSize(_ text: String?, maximum: Int) throws(Route53Error) -> Int {
        guard let text else { return maximum }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
            throw Route53Error(code: Route53Error.invalidInput, message: "Invalid value for MaxItems: \(text) is not a positive integer.")
        }
        return min(value, maximum)
    }
}

extension HostedZoneFactory {
    /// A name given to a listing call (no zone-name rules apply: any name may be a start point).
    static func zoneNameForListing(_ text: String) throws(Route53Error) -> DomainName {
        do {
            return try RecordSetText.name(text)
        } catch {
            throw Route53Error(code: Route53Error.invalidDomainName, messages: error.messages)
        }
    }
}

/// The listing order of names (API-22, API-24): labels reversed, compared as ASCII in the escaped
/// output form (RR-03), so `\052` sorts before letters and a parent before its children.
enum ListingOrder {
    static func key(_ name: DomainName) -> String {
        let text = name.route53Description
        let labels = text.split(separator: ".", omittingEmptySubsequences: true)
        return labels.reversed().joined(separator: ".") + "."
    }
}
