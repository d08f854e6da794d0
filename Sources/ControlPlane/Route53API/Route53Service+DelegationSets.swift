import DNSWire
import Foundation
import LabStore
import Route53Model

/// Create/Get/List/DeleteReusableDelegationSet (HZ-10).
extension Route53Service {
    /// Reusable delegation sets per account (HZ-10).
    static let maximumDelegationSets = 100

    public func createReusableDelegationSet(callerReference: String?, hostedZoneId: String?, actor: String) throws(Route53Error) -> StoredDelegationSet {
        guard let reference = callerReference else { throw Self.missing("callerReference", shape: "CreateReusableDelegationSetRequest") }
        guard (1...128).contains(reference.count) else {
            throw Route53Error(code: Route53Error.invalidInput, message: "CallerReference must be between 1 and 128 characters long.")
        }
        let seed = settings.withLock { $0.seed }
        return try write { state throws(Route53Error) in
            if state.hasUsed(reference, .delegationSet) {
                throw Route53Error(code: "DelegationSetAlreadyCreated",
                                   message: "A delegation set with the same owner and caller reference combination has already been created.")
            }
            guard state.delegationSets.count < Self.maximumDelegationSets else {
                throw Route53Error(code: "LimitsExceeded",
                                   message: "This operation can't be completed because the current account has reached the limit on reusable delegation sets (\(Self.maximumDelegationSets)).")
            }
            let id = Route53IDs.delegationSetId()
            var mutations: [StoreMutation] = []
            let servers: [DomainName]
            if let zoneId = hostedZoneId.map(Route53IDs.bare) {
                // Promote the zone's own servers (HZ-10).
                guard let index = state.zoneIndex(zoneId) else {
                    throw Route53Error(code: "HostedZoneNotFound", message: "The specified hosted zone does not exist: \(zoneId)")
                }
                guard state.zones[index].zone.delegationSet.id == nil else {
                    throw Route53Error(code: "DelegationSetAlreadyReusable", message: "The specified delegation set has already been marked as reusable.")
                }
                guard !state.zones[index].zone.isPrivate else {
                    throw Route53Error(code: "DelegationSetNotAvailable",
                                       message: "A private hosted zone has no delegation set that could be made reusable.")
                }
                servers = state.zones[index].zone.delegationSet.nameServers
                state.zones[index].zone.delegationSet.id = id
                state.zones[index].zone.delegationSet.callerReference = reference
                mutations.append(.putZoneMetadata(state.zones[index]))
            } else {
                var generator = SeededGenerator(seed: StableHash.seed(seed, "delegation-set", reference))
                servers = try NameServerAllocator.allocate(for: DomainName.root, existing: [], using: &generator)
            }
            let stored = StoredDelegationSet(set: DelegationSet(id: id, callerReference: reference, nameServers: servers), createdAt: clock())
            state.delegationSets.append(stored)
            state.callerReferences[.delegationSet, default: []].insert(reference)
            let change = changeRecord(operation: "CreateReusableDelegationSet", zoneId: hostedZoneId.map(Route53IDs.bare),
                                      actor: actor, detail: ["DelegationSetId": id])
            mutations += [.putDelegationSet(stored), .rememberCallerReference(.delegationSet, reference), .appendChange(change)]
            return (stored, Effects(mutations: mutations))
        }
    }

    public func reusableDelegationSet(id rawId: String) throws(Route53Error) -> StoredDelegationSet {
        let id = Route53IDs.bare(rawId)
        return try read { state throws(Route53Error) in
            guard let index = state.delegationSetIndex(id) else { throw Self.noSuchDelegationSet }
            return state.delegationSets[index]
        }
    }

    public struct DelegationSetPage: Sendable {
        public var sets: [StoredDelegationSet]
        public var isTruncated: Bool
        public var nextMarker: String?
        public var maxItems: Int
    }

    public func listReusableDelegationSets(marker: String?, maxItems: String?) throws(Route53Error) -> DelegationSetPage {
        let limit = try Self.pageSize(maxItems, maximum: 100)
        return try read { state throws(Route53Error) in
            let page = try MarkerPage(state.delegationSets, marker: marker.map(Route53IDs.bare), limit: limit, id: { $0.set.id }) { _ in
                Self.noSuchDelegationSet
            }
            return DelegationSetPage(sets: page.items, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: limit)
        }
    }

    public func deleteReusableDelegationSet(id rawId: String, actor: String) throws(Route53Error) {
        let id = Route53IDs.bare(rawId)
        try write { state throws(Route53Error) in
            guard let index = state.delegationSetIndex(id) else { throw Self.noSuchDelegationSet }
            if state.zones.contains(where: { $0.zone.delegationSet.id == id }) {
                throw Route53Error(code: "DelegationSetInUse",
                                   message: "The specified delegation set contains associated hosted zones which must be deleted before the reusable delegation set can be deleted.")
            }
            state.delegationSets.remove(at: index)
            let change = changeRecord(operation: "DeleteReusableDelegationSet", zoneId: nil, actor: actor, detail: ["DelegationSetId": id])
            return ((), Effects(mutations: [.deleteDelegationSet(id: id), .appendChange(change)]))
        }
    }

    static var noSuchDelegationSet: Route53Error {
        Route53Error(code: "NoSuchDelegationSet", message: "A reusable delegation set with the specified ID does not exist.")
    }
}
