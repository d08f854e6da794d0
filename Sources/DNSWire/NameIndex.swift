import CMemoryHint

/// An open-addressing index from keys (names, or names with a type) to positions in arrays the
/// caller keeps: one 64-bit slot per entry holds the position + 1 (high half) and 32 bits of the
/// key's hash (low half); 0 is an empty slot. A probe looks at a key only when its tag matches, so
/// the index stores no keys. Load factor at most one half.
///
/// Used by zone-file grouping and validation and, through `NodeTable`, by the compiled snapshot's
/// name lookup on the query path (hence `@inlinable`: the probe loop and the caller's key
/// comparison inline into one loop). `Dictionary` compared the key of every occupied bucket on a
/// probe path, each a cache miss into another name's storage, and hashed names with SipHash over
/// a folded copy: most of the grouping and validation of a million-name zone file, and ~75 MB of
/// its snapshot (issue 6, scale).
public struct NameIndex: Sendable {
    @usableFromInline var slots: [UInt64]
    @usableFromInline var mask: Int
    public private(set) var count = 0

    /// An index for `capacity` keys without growing.
    public init(capacity: Int = 0) {
        let size = Self.size(for: capacity, atLeast: 16)
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The position of the key with `hash` for which `matches` holds, if any.
    @inlinable @inline(__always)
    public func find(hash: UInt64, where matches: (Int) -> Bool) -> Int? {
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

    /// Starts loading the first slot a `find` or `insert` of `hash` will look at. Loops over many
    /// new keys call it a few keys ahead, so that slot's cache miss overlaps the work in between
    /// (a million-key index does not fit in any cache, issue 6, scale).
    @inlinable @inline(__always)
    public func prefetch(hash: UInt64) {
        let probe = Int(truncatingIfNeeded: hash >> 32) & mask
        slots.withUnsafeBufferPointer { lab53_prefetch($0.baseAddress.map { $0 + probe }) }
    }

    /// How many keys ahead a loop prefetches: enough misses in flight to hide most of the latency,
    /// few enough that the lines are still cached when the loop gets there.
    public static let prefetchDistance = 8

    /// Indexes `position` under `hash`; its key must not be indexed yet. `hashOf` gives the hash
    /// of an indexed position, to rehash when the index grows.
    public mutating func insert(_ position: Int, hash: UInt64, hashOf: (Int) -> UInt64) {
        if (count + 1) * 2 > slots.count { grow(to: slots.count * 2, hashOf: hashOf) }
        place(position, hash: hash)
        count += 1
    }

    /// Room for `capacity` keys in all without growing again.
    public mutating func reserveCapacity(_ capacity: Int, hashOf: (Int) -> UInt64) {
        let size = Self.size(for: capacity, atLeast: slots.count)
        if size > slots.count { grow(to: size, hashOf: hashOf) }
    }

    private static func size(for capacity: Int, atLeast minimum: Int) -> Int {
        var size = minimum
        while size < capacity * 2 { size <<= 1 }
        return size
    }

    private mutating func grow(to size: Int, hashOf: (Int) -> UInt64) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for slot in old where slot != 0 {
            let existing = Int(slot >> 32) - 1
            place(existing, hash: hashOf(existing))
        }
    }

    private mutating func place(_ position: Int, hash: UInt64) {
        var probe = Int(truncatingIfNeeded: hash >> 32) & mask
        while slots[probe] != 0 { probe = (probe + 1) & mask }
        slots[probe] = UInt64(UInt32(position + 1)) << 32 | UInt64(UInt32(truncatingIfNeeded: hash))
    }

    /// The case-insensitive hash of `name` (`NameHash`).
    @inlinable
    public static func hash(_ name: DomainName) -> UInt64 {
        NameHash.hash(name)
    }

    /// The hash of a (name, type) key.
    @inlinable
    public static func hash(_ name: DomainName, _ type: RRType) -> UInt64 {
        NameHash.finalized(NameHash.hash(name) ^ (UInt64(type.rawValue) &* 0xD6E8_FEB8_6659_FD93))
    }
}
