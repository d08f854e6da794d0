import DNSWire
import Synchronization

/// The query counters of every served zone, by hosted-zone ID (issue 5 item 3). The snapshot
/// compiler asks for the blocks of the zones it compiles, so a zone keeps its block — and its
/// counts — across recompilations; a zone no longer served loses it (its series disappear from
/// /metrics; a zone created again gets a new ID and new series). Only the compile path takes the
/// lock; queries reach their block through the snapshot.
public final class QueryCounters: Sendable {
    /// Queries attributed to no zone: REFUSED outside every hosted zone (DNS-03) and header-only
    /// FORMERR/NOTIMP replies.
    public let unattributed = ZoneQueryCounters(zoneID: "-", zoneName: "-")
    private let blocks = Mutex<[String: ZoneQueryCounters]>([:])

    public init() {}

    /// The blocks of `zones` (ID, lower-cased apex) in order, reusing existing ones; blocks of
    /// other zones are forgotten.
    func blocks(for zones: [(id: String, apex: DomainName)]) -> [ZoneQueryCounters] {
        blocks.withLock { known in
            var kept: [String: ZoneQueryCounters] = [:]
            let result = zones.map { zone in
                let block = known[zone.id] ?? ZoneQueryCounters(zoneID: zone.id, zoneName: zone.apex.description)
                kept[zone.id] = block
                return block
            }
            known = kept
            return result
        }
    }

    /// Every block of a served zone, sorted by zone name then ID, followed by `unattributed`.
    public func allBlocks() -> [ZoneQueryCounters] {
        let zones = blocks.withLock { Array($0.values) }
        return zones.sorted { ($0.zoneName, $0.zoneID) < ($1.zoneName, $1.zoneID) } + [unattributed]
    }
}
