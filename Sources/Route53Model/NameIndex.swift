import DNSWire

/// An open-addressing index from keys (names, or names with a type) to positions in arrays the
/// caller keeps: one 64-bit slot per entry holds the position + 1 (high half) and 32 bits of the
/// key's hash (low half); 0 is an empty slot. A probe looks at a key only when its tag matches.
///
/// `Dictionary` compared the key of every occupied bucket on a probe path, each a cache miss into
/// another name's storage, and hashed names with SipHash over a folded copy: together most of the
/// grouping and validation of a million-name zone file (issue 6, scale).
struct NameIndex {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    /// An index for `capacity` keys without growing (load factor at most one half).
    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The position of the key with `hash` for which `matches` holds, if any.
    @inline(__always)
    func find(hash: UInt64, where matches: (Int) -> Bool) -> Int? {
        let tag = UInt32(truncatingIfNeeded: hash)
        var probe = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
            let slot = slots[probe]
            if slot == 0 { return nil }
            if UInt32(truncatingIfNeeded: slot) == tag {
                let position = Int(slot >> 32) - 1
                if matches(position) { return position }
            }
            probe = (probe + 1) & mask
        }
    }

    /// Indexes `position` under `hash`; its key must not be indexed yet. `hashOf` gives the hash
    /// of an indexed position, to rehash when the index grows.
    mutating func insert(_ position: Int, hash: UInt64, hashOf: (Int) -> UInt64) {
        if (count + 1) * 2 > slots.count {
            let old = slots
            slots = Array(repeating: 0, count: old.count * 2)
            mask = slots.count - 1
            for slot in old where slot != 0 {
                let existing = Int(slot >> 32) - 1
                place(existing, hash: hashOf(existing))
            }
        }
        place(position, hash: hash)
        count += 1
    }

    private mutating func place(_ position: Int, hash: UInt64) {
        var probe = Int(truncatingIfNeeded: hash >> 32) & mask
        while slots[probe] != 0 { probe = (probe + 1) & mask }
        slots[probe] = UInt64(UInt32(position + 1)) << 32 | UInt64(UInt32(truncatingIfNeeded: hash))
    }

    /// The case-insensitive hash of `name` (`NameHash`).
    static func hash(_ name: DomainName) -> UInt64 {
        NameHash.hash(name)
    }

    /// The hash of a (name, type) key.
    static func hash(_ name: DomainName, _ type: RRType) -> UInt64 {
        NameHash.finalized(NameHash.hash(name) ^ (UInt64(type.rawValue) &* 0xD6E8_FEB8_6659_FD93))
    }
}
