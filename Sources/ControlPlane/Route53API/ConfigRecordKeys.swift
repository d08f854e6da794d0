import DNSWire
import Route53Model

/// Which record sets of a config-owned zone came from the config when it was last seeded, kept in
/// the meta table so that a changed config can tell them from the ones the API added since.
///
/// Stored as `h:` and one 16-digit hex stable hash of (name, type, SetIdentifier) per set. The
/// first format, one `name type set-id` line per set, cost a million-record zone ~40 MB kept
/// in memory and ~140 MB while it was built (issue 6, scale); it is still read. Two distinct keys
/// share a 64-bit hash with odds of ~n²/2⁶⁵ (3·10⁻⁸ at a million sets); the cost would be one API
/// record set dropped on the next config change of that zone.
struct ConfigRecordKeys {
    private static let prefix = "h:"
    private let hashes: Set<UInt64>
    /// The first format's lines, for a database written before the hashes.
    private let lines: Set<String>

    init(stored text: String) {
        if text.hasPrefix(Self.prefix) {
            var hashes = Set<UInt64>()
            let digits = Array(text.utf8.dropFirst(Self.prefix.utf8.count))
            hashes.reserveCapacity(digits.count / 16)
            var start = 0
            while start + 16 <= digits.count {
                if let value = UInt64(String(decoding: digits[start..<start + 16], as: UTF8.self), radix: 16) {
                    hashes.insert(value)
                }
                start += 16
            }
            self.hashes = hashes
            lines = []
        } else {
            hashes = []
            lines = Set(text.split(separator: "\n").map(String.init))
        }
    }

    func contains(_ set: ResourceRecordSet) -> Bool {
        lines.isEmpty ? hashes.contains(Self.hash(set)) : lines.contains(Self.line(set))
    }

    /// The stored text for `sets`.
    static func text(of sets: [ResourceRecordSet]) -> String {
        let digits: StaticString = "0123456789abcdef"
        let head = Array(prefix.utf8)
        // Written in place, sets read through a buffer: a copy per set and an append per digit
        // were most of this text's cost for a million-set zone (issue 6, scale).
        return String(unsafeUninitializedCapacity: head.count + sets.count * 16) { out in
            var count = head.count
            _ = out.initialize(fromContentsOf: head)
            sets.withUnsafeBufferPointer { sets in
                for index in sets.indices {
                    ResourceRecordSet.prefetchObjects(sets, at: index + MemoryHint.objectDistance)
                    let value = hash(sets[index])
                    for shift in stride(from: 60, through: 0, by: -4) {
                        out[count] = digits.utf8Start[Int((value >> UInt64(shift)) & 0xF)]
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// A hash of the key that is stable across processes (`Hasher` is seeded per process).
    static func hash(_ set: ResourceRecordSet) -> UInt64 {
        var hash = StableHash()
        hash.combine(set.name.foldedSharingStorage().wire)
        withUnsafeBytes(of: set.type.rawValue.bigEndian) { hash.combine($0) }
        hash.combine(set.setIdentifier ?? "")
        return hash.finalize()
    }

    /// The first format's line for `set`.
    private static func line(_ set: ResourceRecordSet) -> String {
        "\(set.name.route53Description) \(set.type.rawValue) \(set.setIdentifier ?? "")"
    }
}
