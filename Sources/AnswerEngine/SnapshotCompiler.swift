import DNSWire
import Route53Model

/// Compiles hosted zones into an immutable `AnswerSnapshot` (architecture.md, "The two planes":
/// the control plane builds the whole state, then publishes it with one swap).
///
/// Compilation never fails: record sets that validation should have rejected (owner outside the
/// zone, no values) are skipped, an alias whose target is missing answers SERVFAIL (AL-06 lab
/// rule), and a zone without an SOA answers SERVFAIL.
public enum SnapshotCompiler {
    /// Builds a snapshot serving every public zone of `zones` with no client tables: every client
    /// is unmapped (latency in Region name order, geolocation and IP-based on their `*` record).
    public static func compile(zones: [HostedZone], generation: UInt64) -> AnswerSnapshot {
        compile(zones: zones, routingTables: .empty, generation: generation)
    }

    /// Builds a snapshot serving every public zone of `zones` (private zones are modelled but not
    /// served, HZ-05/HZ-14). When two public zones share a name, the first one in `zones` is served
    /// (DNS-02 without per-listener binding).
    ///
    /// `routingTables` are the lab's stand-ins for what Route 53 measures (RP-07…RP-10): they are
    /// compiled into per-client member orders here, so a change to them is published like a zone
    /// change (a new snapshot; health is kept, see `SnapshotStore.publish(snapshot:)`).
    ///
    /// `counters` (issue 5 item 3): the registry whose per-zone blocks the snapshot counts
    /// queries into; nil gives the snapshot blocks of its own.
    public static func compile(zones: [HostedZone], routingTables: ClientRoutingTables,
                               generation: UInt64, counters: QueryCounters? = nil) -> AnswerSnapshot {
        let clientIndex = ClientRoutingIndex(routingTables)
        let served = zones.filter { !$0.isPrivate }
        let healthCheckIDs = Set(served.flatMap { $0.recordSets.compactMap(\.healthCheckId) }).sorted()
        var slots: [String: Int] = [:]
        for (slot, id) in healthCheckIDs.enumerated() { slots[id] = slot }

        var compiled: [CompiledZone] = []
        var seen = Set<DomainName>()
        for zone in served where seen.insert(zone.name.lowercased()).inserted {
            var builder = ZoneBuilder(id: zone.id, apex: zone.name.lowercased(), healthSlots: slots,
                                      clientIndex: clientIndex)
            // About one name per record set; ancestors that own nothing are few in practice.
            builder.reserveCapacity(zone.recordSets.count + 1)
            builder.add(zone.recordSets)
            compiled.append(builder.finish())
        }
        return AnswerSnapshot(generation: generation, healthCheckIDs: healthCheckIDs, zones: compiled,
                              clientIndex: clientIndex, counters: counters)
    }

    /// Whether values of `type` name an additional-section target (`additionalTarget`).
    static func namesAdditionalTargets(_ type: RRType) -> Bool {
        targetOffset(type) != nil
    }

    /// Names inside RDATA that the additional section resolves (DNS-04): NS and CNAME targets,
    /// MX exchanges and SRV targets, lower-cased. Malformed RDATA yields no name.
    static func additionalTarget(type: RRType, rdata: [UInt8]) -> DomainName? {
        guard let start = targetOffset(type), rdata.count > start,
              let name = try? DomainName(wire: Array(rdata[start...])) else { return nil }
        return name.lowercased()
    }

    /// Where the target name starts in RDATA of `type`; nil for types without one.
    private static func targetOffset(_ type: RRType) -> Int? {
        switch type {
        case .ns, .cname: 0
        case .mx: 2
        case .srv: 6
        default: nil
        }
    }
}
