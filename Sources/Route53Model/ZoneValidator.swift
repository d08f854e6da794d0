import DNSWire

/// Zone-level validation: every rule of §2–§4 that the config loader, zone import and
/// ChangeResourceRecordSets must agree on, in one place.
///
/// Record sets are checked in order, each against the ones before it, the way a change batch is
/// validated sequentially (API-20): the later of two conflicting record sets is the one reported,
/// with the message Route 53 gives for adding it.
public enum ZoneValidator {
    /// Longest alias chain followed (AL-08).
    public static let maximumAliasDepth = 8
    /// Policy record sets per (Name, Type) (HZ-17); geoproximity has its own limit.
    public static let maximumGroupSize = 100
    public static let maximumGeoproximityGroupSize = 30

    /// Every problem of `zone`, sorted by record-set index (zone-wide problems last).
    ///
    /// - Parameters:
    ///   - action: fills the RR-07 message (`CREATE`, `UPSERT`).
    ///   - isExternalAliasTarget: answers whether an alias into another hosted zone ID names a known
    ///     external target (LAB-06); without it every such alias is reported as not found (AL-04).
    public static func validate(_ zone: HostedZone, action: String = "CREATE",
                                isExternalAliasTarget: ((AliasTarget, RRType) -> Bool)? = nil) -> [ValidationIssue] {
        var (issues, accepted) = setIssues(zone, action: action)
        issues += apexIssues(zone)
        issues += aliasIssues(zone, accepted: accepted, isExternalAliasTarget: isExternalAliasTarget)
        return sorted(issues)
    }

    /// The own (§3) and relational (RR-11, RR-14, RP-01, RR-08) problems of `zone`'s record sets in
    /// order, and the indices admitted. Without RR-12 (apex) and the alias rules (AL-02…AL-08).
    ///
    /// The relational rules only ever compare record sets of one name, so a change batch can pass
    /// just the record sets at the names it writes (API-20; `Route53Service.apply`): the written
    /// sets get the same problems as in `validate` over the whole zone, at a cost that does not
    /// grow with the zone.
    public static func setIssues(_ zone: HostedZone, action: String = "CREATE") -> (issues: [ValidationIssue], accepted: [Int]) {
        var state = SequentialState(zone: zone.name, capacity: zone.recordSets.count)
        var issues: [ValidationIssue] = []
        var accepted: [Int] = []
        let ahead = NameIndex.prefetchDistance
        // Sets read through a buffer: a copy of each was three retains and releases (issue 6, scale).
        zone.recordSets.withUnsafeBufferPointer { sets in
            for index in sets.indices {
                if index + ahead < sets.count { state.prefetch(sets[index + ahead].name) }
                let own = RecordSetValidator.validate(sets[index], zone: zone.name, isPrivate: zone.isPrivate, action: action)
                if !own.isEmpty { issues += own.map { located($0, index) } }
                guard sets[index].name.isSubdomain(of: zone.name) else { continue }
                let relational = state.admit(sets[index])
                if relational.isEmpty {
                    accepted.append(index)
                } else {
                    issues += relational.map { located($0, index) }
                }
            }
        }
        return (issues, accepted)   // already in index order
    }

    /// `validate` as a throwing call: the API's single error (API-05) when anything is wrong.
    public static func check(_ zone: HostedZone, action: String = "CREATE",
                             isExternalAliasTarget: ((AliasTarget, RRType) -> Bool)? = nil) throws(Route53Error) {
        if let error = Route53Error(issues: validate(zone, action: action, isExternalAliasTarget: isExternalAliasTarget)) {
            throw error
        }
    }

    /// RR-12: exactly one SOA and at least one NS value at the apex.
    public static func apexIssues(_ zone: HostedZone) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let apex = zone.recordSets.filter { $0.name == zone.name }
        if !apex.contains(where: { $0.type == .soa }) {
            issues.append(ValidationIssue(message: Route53Message.exactlyOneSOA))
        }
        if !apex.contains(where: { $0.type == .ns && !$0.isAlias && !$0.records.isEmpty }) {
            issues.append(ValidationIssue(message: Route53Message.apexNSRequired))
        }
        return issues
    }

    static func located(_ issue: ValidationIssue, _ index: Int) -> ValidationIssue {
        var copy = issue
        copy.recordSetIndex = index
        return copy
    }

    static func sorted(_ issues: [ValidationIssue]) -> [ValidationIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let left = lhs.element.recordSetIndex ?? Int.max
            let right = rhs.element.recordSetIndex ?? Int.max
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// The record sets admitted so far, for the relational rules (RR-11, RR-14, RP-01, RR-08).
///
/// One table keyed by name carries what a zone file's record sets need: the RR-11 flags and the
/// types of the plain record sets (simple routing, no SetIdentifier) at that name. The general
/// tables (`keys`, `groups`) hold only names where anything else was admitted; a name moves there
/// with its plain sets the first time it needs them. A million-name zone file spent ~30 % of its
/// import in three hash tables per set before (issue 6, scale); the messages are unchanged.
struct SequentialState {
    struct Key: Hashable {
        var name: DomainName
        var type: RRType
        var setIdentifier: String?
    }

    struct GroupKey: Hashable {
        var name: DomainName
        var type: RRType
    }

    struct Group {
        var kind: RoutingPolicy.Kind
        var count = 0
        /// TTL of the first non-alias weighted member (RR-08).
        var weightedTTL: UInt32?
        /// Unique per-group slots taken: failover role, latency Region, location (RP-01).
        var slots: Set<String> = []
        var cidrCollection: String?
    }

    /// What the relational rules need to know of one name.
    struct NameState {
        /// RR-11: two flags, not a `Set<RRType>` per name (~100 MB at a million names).
        var hasCNAME = false
        var hasOtherThanCNAME = false
        /// Set once anything at this name is in `keys`/`groups`; `plainTypes` is then empty.
        var isGeneral = false
        /// Types of the plain record sets admitted at this name while it is not general.
        var plainTypes = PlainTypes()
    }

    /// Up to four record types inline (a zone-file name rarely has more; a fifth makes it general).
    struct PlainTypes {
        static let capacity = 4
        private var storage: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)
        private(set) var count: UInt8 = 0

        var isFull: Bool { Int(count) == Self.capacity }

        func contains(_ type: RRType) -> Bool {
            withUnsafeBytes(of: storage) { raw in
                raw.bindMemory(to: UInt16.self).prefix(Int(count)).contains(type.rawValue)
            }
        }

        mutating func append(_ type: RRType) {
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.bindMemory(to: UInt16.self)[Int(count)] = type.rawValue
            }
            count += 1
        }

        var types: [RRType] {
            withUnsafeBytes(of: storage) { raw in raw.bindMemory(to: UInt16.self).prefix(Int(count)).map(RRType.init(rawValue:)) }
        }
    }

    let zone: DomainName
    /// The name table: `nameIndex` finds a name's position in `names` and `states`.
    private var nameIndex: NameIndex
    private var names: [DomainName] = []
    private var states: [NameState] = []
    var keys: Set<Key> = []
    var groups: [GroupKey: Group] = [:]

    /// - Parameter capacity: the number of record sets about to be admitted, so the name table is
    ///   sized once instead of rehashed at every doubling.
    init(zone: DomainName, capacity: Int = 0) {
        self.zone = zone
        nameIndex = NameIndex(capacity: capacity)
        names.reserveCapacity(capacity)
        states.reserveCapacity(capacity)
    }

    /// Starts loading the name-table slot `admit` will probe for `name` (`NameIndex.prefetch`).
    func prefetch(_ name: DomainName) {
        nameIndex.prefetch(hash: NameIndex.hash(name))
    }

    /// Checks `set` against the admitted ones; admits it when nothing conflicts.
    mutating func admit(_ set: ResourceRecordSet) -> [ValidationIssue] {
        let hash = NameIndex.hash(set.name)
        let position: Int
        if let found = nameIndex.find(hash: hash, where: { names[$0] == set.name }) {
            position = found
        } else {
            position = names.count
            nameIndex.insert(position, hash: hash, hashOf: { NameIndex.hash(names[$0]) })
            names.append(set.name)
            states.append(NameState())
        }
        var entry = states[position]
        defer { states[position] = entry }
        return admit(set, entry: &entry)
    }

    /// `admit` for the state of the set's name (a new name starts as `NameState()`, which is what
    /// every rule sees for a name with nothing admitted yet).
    private mutating func admit(_ set: ResourceRecordSet, entry: inout NameState) -> [ValidationIssue] {
        let isPlain = set.setIdentifier == nil && set.routing.kind == .simple
        if isPlain && !entry.isGeneral && !entry.plainTypes.isFull {
            // Only plain sets at this name so far: RR-14 is a type already listed; no group can
            // conflict (a plain set is its own group of one).
            if entry.plainTypes.contains(set.type) {
                return [ValidationIssue(message: Route53Message.alreadyExists(name: set.name, type: set.type, setIdentifier: nil))]
            }
            if let conflict = cnameConflict(set, at: entry) { return [conflict] }
            entry.plainTypes.append(set.type)
        } else {
            if !entry.isGeneral { makeGeneral(set.name, &entry) }
            let key = Key(name: set.name, type: set.type, setIdentifier: set.setIdentifier)
            if keys.contains(key) {
                return [ValidationIssue(message: Route53Message.alreadyExists(name: set.name, type: set.type, setIdentifier: set.setIdentifier))]
            }
            if let conflict = cnameConflict(set, at: entry) {
                return [conflict]
            }
            let groupKey = GroupKey(name: set.name, type: set.type)
            var group = groups[groupKey] ?? Group(kind: set.routing.kind)
            if let problem = PolicyRules.conflict(adding: set, to: group) {
                return [problem]
            }
            PolicyRules.record(set, in: &group)
            groups[groupKey] = group
            keys.insert(key)
        }
        if set.type == .cname {
            entry.hasCNAME = true
        } else {
            entry.hasOtherThanCNAME = true
        }
        return []
    }

    /// Moves the plain sets of `name` into the general tables, as `admit` would have put them there:
    /// each is its own simple group of one.
    private mutating func makeGeneral(_ name: DomainName, _ entry: inout NameState) {
        for type in entry.plainTypes.types {
            keys.insert(Key(name: name, type: type, setIdentifier: nil))
            groups[GroupKey(name: name, type: type)] = Group(kind: .simple, count: 1)
        }
        entry.plainTypes = PlainTypes()
        entry.isGeneral = true
    }

    /// RR-11: CNAME excludes every other type at its name (several CNAME policy records may share it).
    /// The apex case is reported by `RecordSetValidator`.
    func cnameConflict(_ set: ResourceRecordSet, at existing: NameState) -> ValidationIssue? {
        if set.type == .cname, set.name != zone, existing.hasOtherThanCNAME {
            return ValidationIssue(message: Route53Message.cnameConflicts(name: set.name, zone: zone))
        }
        if set.type != .cname, existing.hasCNAME {
            return ValidationIssue(message: Route53Message.conflictsWithCNAME(type: set.type, name: set.name, zone: zone))
        }
        return nil
    }
}
