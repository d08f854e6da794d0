import DNSWire
import Route53Model

/// The config digest of a hosted zone, streamed field by field.
///
/// `Route53Service.digest(_:)` hashes `String(reflecting:)` of a value, which for a zone of a
/// million record sets builds a text of hundreds of megabytes and took most of a cold start
/// (issue 6, scale). This hashes the same fields without building any text. The values differ
/// from the reflecting digest, so the first start of a new build re-seeds each config zone once;
/// API edits survive that through `keptAPIRecordSets`, as they do on any config change.
struct ZoneDigest {
    private var hash = StableHash()

    /// The digest of everything that defines `zone`, record sets in order.
    static func text(of zone: HostedZone) -> String {
        var digest = ZoneDigest()
        digest.combine("zone-digest-v2")
        digest.combine(zone.id)
        digest.combine(zone.name.wire)
        digest.combine(zone.callerReference)
        digest.combine(optional: zone.comment)
        digest.combine(word: zone.isPrivate ? 1 : 0)
        // Small, and rarely non-trivial: their reflection text is cheap and covers every field.
        digest.combine(String(reflecting: zone.delegationSet))
        digest.combine(String(reflecting: zone.vpcs))
        digest.combine(word: UInt64(zone.recordSets.count))
        for set in zone.recordSets {
            digest.combine(set)
        }
        return String(digest.hash.finalize(), radix: 16)
    }

    private mutating func combine(_ set: ResourceRecordSet) {
        combine(set.name.wire)
        combine(word: UInt64(set.type.rawValue) << 40 | (set.ttl.map { UInt64($0) << 1 | 1 } ?? 0))
        combine(word: UInt64(set.records.count))
        for record in set.records {
            combine(record.text)
            combine(record.rdata)
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
        hash.combine(bytes)
    }

    private mutating func combine(_ text: String) {
        hash.combine(text)
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
        hash.combine(word)
    }
}
