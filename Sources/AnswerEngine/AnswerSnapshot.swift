import DNSWire

/// Everything the data plane needs to answer queries, compiled from the hosted zones by
/// `SnapshotCompiler` and never mutated afterwards (architecture.md, "The two planes"): readers
/// hold it without locks while the control plane builds the next one.
public struct AnswerSnapshot: Sendable {
    /// Monotonic number chosen by the publisher, for logs and "which state answered" checks.
    public let generation: UInt64
    /// Health-check IDs in slot order: slot `i` of a `HealthVector` is the status of
    /// `healthCheckIDs[i]` (RP-02). Sorted, so equal inputs give equal slots.
    public let healthCheckIDs: [String]
    let zones: [CompiledZone]
    /// The lab client tables (RP-07…RP-10) the per-client orders of the zones were built from.
    let clientIndex: ClientRoutingIndex
    /// Zone apex (lower-cased wire) → index in `zones`.
    let zoneIndex: [NameKey: Int]
    /// Label counts of the shortest and longest apex, to skip lookups that cannot match.
    let minZoneLabels: Int
    let maxZoneLabels: Int
    /// Query counters of `zones[i]`, slot for slot, and of queries outside every zone (issue 5
    /// item 3); from the publisher's `QueryCounters` so counts outlive this snapshot.
    let zoneCounters: [ZoneQueryCounters]
    let unattributedCounters: ZoneQueryCounters

    init(generation: UInt64, healthCheckIDs: [String], zones: [CompiledZone], clientIndex: ClientRoutingIndex = .empty,
         counters: QueryCounters? = nil) {
        self.generation = generation
        self.healthCheckIDs = healthCheckIDs
        self.zones = zones
        self.clientIndex = clientIndex
        let registry = counters ?? QueryCounters()
        zoneCounters = registry.blocks(for: zones.map { ($0.id, $0.apex) })
        unattributedCounters = registry.unattributed
        var index: [NameKey: Int] = [:]
        for (position, zone) in zones.enumerated() {
            index[NameKey(zone.apex.wire[...])] = position
        }
        zoneIndex = index
        minZoneLabels = zones.map(\.apex.labelCount).min() ?? 0
        maxZoneLabels = zones.map(\.apex.labelCount).max() ?? -1
    }

    /// A snapshot serving nothing: every query is REFUSED (DNS-03).
    public static let empty = AnswerSnapshot(generation: 0, healthCheckIDs: [], zones: [])

    /// Number of zones served (public zones only).
    public var zoneCount: Int { zones.count }

    /// Apex names of the served zones, in compile order.
    public var zoneNames: [DomainName] { zones.map(\.apex) }

    /// The zone whose apex is the longest suffix of `name` (DNS-02), with the byte offset of
    /// that apex inside `name.wire`.
    ///
    /// With `dsParent`, a name that is itself a zone apex is answered by the closest enclosing
    /// hosted zone when that zone delegates exactly this name: DS lives on the parent side of the
    /// cut (RFC 4035 §3.1.4.1). Without such a delegation the child answers (NODATA).
    func zone(containing name: FoldedName, dsParent: Bool = false) -> (zone: Int, apexOffset: Int)? {
        guard maxZoneLabels >= 0 else { return nil }
        var labels = min(name.labelCount, maxZoneLabels)
        var offset = name.offset(ofSuffixWithLabels: labels)
        var child: (zone: Int, apexOffset: Int)?
        while labels >= minZoneLabels {
            if let found = zoneIndex[name.key(from: offset)] {
                if let child { return zones[found].delegates(name) ? (found, offset) : child }
                guard dsParent && offset == 0 else { return (found, offset) }
                child = (found, offset)  // QNAME is this zone's apex: look for the parent above.
            }
            guard labels > 0 else { break }
            offset = name.parentOffset(of: offset)
            labels -= 1
        }
        return child
    }
}
