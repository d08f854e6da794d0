import DNSWire
import Route53Model

/// The config digest of a hosted zone, streamed field by field.
///
/// `Route53Service.digest(_:)` hashes `String(reflecting:)` of a value, which for a zone of a
/// million record sets builds a text of hundreds of megabytes and took most of a cold start
/// (issue 6, scale). This hashes the same fields without building any text. The values differ
/// from the reflecting digest, so the first start of a new build re-seeds each config zone once;
/// API edits survive that through `keptAPIRecordSets`, as they do on any config change. v3 mixes
/// words instead of bytes: its first start re-seeds once more, for the same reason.
struct ZoneDigest {
    /// The running state: eight bytes are mixed at a time (a byte-wise FNV loop over every
    /// value of a million-set zone was ~4 % of a cold start, issue 6, scale).
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The digest of everything that defines `zone`, record sets in order.
    static func text(of zone: HostedZone) -> String {
        var digest = ZoneDigest()
        digest.combine("zone-digest-v3")
        digest.combine(zone.id)
        digest.combine(zone.name.wire)
        digest.combine(zone.callerReference)
        digest.combine(optional: zone.comment)
        digest.combine(word: zone.isPrivate ? 1 : 0)
        // Small, and rarely non-trivial: their reflection text is cheap and covers every field.
        digest.combine(String(reflecting: zone.delegationSet))
        digest.combine(String(reflecting: zone.vpcs))
        digest.combine(word: UInt64(zone.recordSets.count))
        // Through a buffer: a copy of each set was three retains and releases (issue 6, scale).
        zone.recordSets.withUnsafeBufferPointer { sets in
            for index in sets.indices {
                ResourceRecordSet.prefetchObjects(sets, at: index + MemoryHint.objectDistance)
                digest.combine(sets[index])
            }
        }
        var state = digest.state
        return String(SeededGenerator.splitMix(&state), radix: 16)
    }

    private mutating func combine(_ set: ResourceRecordSet) {
        combine(set.name.wire)
        combine(word: UInt64(set.type.rawValue) << 40 | (set.ttl.map { UInt64($0) << 1 | 1 } ?? 0))
        combine(word: UInt64(set.records.count))
        // Read in place: a copy of each record was two retains and releases.
        set.records.withUnsafeBufferPointer { records in
            for index in records.indices {
                combine(records[index].text)
                combine(records[index].rdata)
            }
        }
        if let alias = set.aliasTarget {
            combine(alias.hostedZoneId)
            combine(alias.dnsName.wire)
            combine(word: alias.evaluateTargetHealth ? 3 : 2)
        } else {
            combine(word: 0)
        }
        combine(optional: set.setIdentifier)
        if case .simple = set.routing {
            combine(word: 0)
        } else {
            combine(String(reflecting: set.routing))
        }
        combine(optional: set.healthCheckId)
    }

    private mutating func combine(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { combine(raw: $0) }
    }

    private mutating func combine(_ text: String) {
        // Native strings are contiguous: no copy. Others (bridged) are copied once.
        if text.utf8.withContiguousStorageIfAvailable({ combine(raw: UnsafeRawBufferPointer($0)) }) == nil {
            var text = text
            text.withUTF8 { combine(raw: UnsafeRawBufferPointer($0)) }
        }
    }

    private mutating func combine(optional text: String?) {
        if let text {
            combine(word: 1)
            combine(text)
        } else {
            combine(word: 0)
        }
    }

    private mutating func combine(word: UInt64) {
        state = Self.mix(state, word)
    }

    /// The bytes eight at a time, the last word zero-padded, then their count: ("ab", "c") and
    /// ("a", "bc") differ.
    private mutating func combine(raw bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            state = Self.mix(state, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (UInt64(index - offset) * 8) }
            state = Self.mix(state, tail)
        }
        state = Self.mix(state, UInt64(bytes.count) | 0xFF00_0000_0000_0000)
    }

    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let product = (state ^ word).multipliedFullWidth(by: 0x9FB2_1C65_1E98_DF25)
        return (product.high ^ product.low) &+ 0x632B_E59B_D9B4_E019
    }
}
