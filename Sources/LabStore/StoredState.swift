import DNSWire
import Foundation
import Route53Model

/// Who owns an object: the config file (seeded and reconciled on start and reload) or the API
/// (kept until deleted through the API or a reset).
public enum Owner: String, Sendable, Hashable, Codable {
    case config
    case api
}

/// A hosted zone as stored: the zone with all its record sets, plus ownership.
public struct StoredZone: Sendable, Hashable {
    /// `zone.delegationSet.id` is set when the zone uses a reusable delegation set (HZ-10).
    public var zone: HostedZone
    public var owner: Owner
    /// Digest of the config definition the zone was last seeded from (config-owned zones only).
    public var configDigest: String?
    public var createdAt: Date

    public init(zone: HostedZone, owner: Owner, configDigest: String? = nil, createdAt: Date) {
        self.zone = zone
        self.owner = owner
        self.configDigest = configDigest
        self.createdAt = createdAt
    }
}

/// A health check as stored (the version lives in `check.version`, HC-12).
public struct StoredHealthCheck: Sendable, Hashable {
    public var check: HealthCheck
    public var owner: Owner
    public var configDigest: String?
    public var createdAt: Date

    public init(check: HealthCheck, owner: Owner, configDigest: String? = nil, createdAt: Date) {
        self.check = check
        self.owner = owner
        self.configDigest = configDigest
        self.createdAt = createdAt
    }
}

/// A reusable delegation set (HZ-10): `set.id` and `set.callerReference` are always present.
public struct StoredDelegationSet: Sendable, Hashable {
    public var set: DelegationSet
    public var createdAt: Date

    public init(set: DelegationSet, createdAt: Date) {
        self.set = set
        self.createdAt = createdAt
    }
}

/// `ResourceType` of ChangeTagsForResource (API-03).
public enum TaggedResourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case hostedzone
    case healthcheck
}

public struct TagSetKey: Sendable, Hashable {
    public var type: TaggedResourceType
    /// Bare ID.
    public var id: String

    public init(type: TaggedResourceType, id: String) {
        self.type = type
        self.id = id
    }
}

public struct Tag: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// One entry of the change history (the CloudTrail analogue): who changed what, when.
/// `GetChange` reads it back by ID (API-26).
public struct ChangeRecord: Sendable, Hashable, Codable {
    /// Bare change ID, `C` + upper-case letters/digits (API-02).
    public var id: String
    public var submittedAt: Date
    /// The batch comment, echoed by GetChange (API-26).
    public var comment: String?
    public var hostedZoneId: String?
    /// The API operation (`ChangeResourceRecordSets`, `CreateHostedZone`, …) or `ConfigSeed`/`Reset`.
    public var operation: String
    /// The SigV4 access key ID, `anonymous`, or `config`.
    public var actor: String
    /// What changed, as JSON text (e.g. the actions with their record-set keys).
    public var detail: String

    public init(id: String, submittedAt: Date, comment: String? = nil, hostedZoneId: String? = nil,
                operation: String, actor: String, detail: String) {
        self.id = id
        self.submittedAt = submittedAt
        self.comment = comment
        self.hostedZoneId = hostedZoneId
        self.operation = operation
        self.actor = actor
        self.detail = detail
    }
}

/// The kinds of CallerReference that must never be reused, even after deletion (HZ-11, HC-11, HZ-10).
public enum CallerReferenceKind: String, Sendable, Hashable, Codable, CaseIterable {
    case hostedZone
    case healthCheck
    case delegationSet
}

/// A drill state that must survive a restart: a forced status (with optional expiry) or a pause.
public struct DrillState: Sendable, Hashable, Codable {
    public var checkId: String
    /// `Healthy`/`Unhealthy` when forced, nil when not forced.
    public var forcedHealthy: Bool?
    /// Wall-clock expiry of the force; nil = until cleared.
    public var forcedUntil: Date?
    public var paused: Bool

    public init(checkId: String, forcedHealthy: Bool? = nil, forcedUntil: Date? = nil, paused: Bool = false) {
        self.checkId = checkId
        self.forcedHealthy = forcedHealthy
        self.forcedUntil = forcedUntil
        self.paused = paused
    }
}

/// (Name, Type, SetIdentifier), the identity of a record set (RR-01).
public struct RecordSetKey: Sendable, Hashable {
    public var name: DomainName
    public var type: RRType
    public var setIdentifier: String?

    public init(name: DomainName, type: RRType, setIdentifier: String?) {
        self.name = name
        self.type = type
        self.setIdentifier = setIdentifier
    }

    public init(_ set: ResourceRecordSet) {
        self.init(name: set.name, type: set.type, setIdentifier: set.setIdentifier)
    }
}

/// Everything loaded at start. The change history is not loaded; it is read on demand.
public struct StoredState: Sendable, Hashable {
    /// In creation order.
    public var zones: [StoredZone]
    /// In creation order.
    public var healthChecks: [StoredHealthCheck]
    /// In creation order.
    public var delegationSets: [StoredDelegationSet]
    public var tags: [TagSetKey: [Tag]]
    /// Every CallerReference ever used, including those of deleted objects.
    public var callerReferences: [CallerReferenceKind: Set<String>]
    public var drillStates: [DrillState]
    /// Small key/value settings (e.g. the seed digest of the config last applied).
    public var meta: [String: String]
    /// Zones whose record sets were not read: the caller passed their config digest to `load` and
    /// they are unchanged since they were seeded from it (`StateStore.pristineMetaKey`). Their
    /// `zone.recordSets` is empty; the caller's config copy is the content.
    public var recordSetsNotLoaded: Set<String> = []

    public init(zones: [StoredZone] = [], healthChecks: [StoredHealthCheck] = [], delegationSets: [StoredDelegationSet] = [],
                tags: [TagSetKey: [Tag]] = [:], callerReferences: [CallerReferenceKind: Set<String>] = [:],
                drillStates: [DrillState] = [], meta: [String: String] = [:]) {
        self.zones = zones
        self.healthChecks = healthChecks
        self.delegationSets = delegationSets
        self.tags = tags
        self.callerReferences = callerReferences
        self.drillStates = drillStates
        self.meta = meta
    }
}

/// One change to the stored state. `StateStore.write` applies a list of them in one transaction.
public enum StoreMutation: Sendable, Hashable {
    /// Inserts or replaces the zone, its metadata and all of its record sets.
    case putZone(StoredZone)
    /// Replaces the zone's metadata (comment, owner, digest) and keeps its record sets.
    case putZoneMetadata(StoredZone)
    /// Deletes the zone, its record sets and its tags.
    case deleteZone(id: String)
    /// Inserts or replaces record sets by key, keeping their position if they existed
    /// (new ones go last, in the order given).
    case putRecordSets(zoneId: String, [ResourceRecordSet])
    case deleteRecordSets(zoneId: String, [RecordSetKey])
    case putHealthCheck(StoredHealthCheck)
    /// Deletes the check and its tags.
    case deleteHealthCheck(id: String)
    case putDelegationSet(StoredDelegationSet)
    case deleteDelegationSet(id: String)
    /// Replaces the tag set of a resource; an empty list deletes it.
    case setTags(TagSetKey, [Tag])
    case appendChange(ChangeRecord)
    case rememberCallerReference(CallerReferenceKind, String)
    case putDrillState(DrillState)
    case deleteDrillState(checkId: String)
    case putMeta(key: String, value: String)
    /// Deletes every object (zones, checks, sets, tags, caller references, drill states, meta);
    /// the change history is kept.
    case deleteAll
}
