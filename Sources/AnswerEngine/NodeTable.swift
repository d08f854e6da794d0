import DNSWire

/// The name → node index of one compiled zone: open addressing with linear probing over one array
/// of 64-bit slots, each holding the node index + 1 (high half) and 32 bits of the name's hash (low
/// half); 0 is an empty slot. Names are compared against the node's own lower-cased name, so the
/// table stores no keys.
///
/// A `[NameKey: Int32]` dictionary kept a 32-byte array slice per name and, sized for a million
/// names, 2^21 buckets of 36 bytes: ~75 MB of a million-record zone's snapshot (issue 6, scale).
/// This table is 8 bytes per slot at a load factor of at most one half. Lookups never insert, so
/// a query cannot lengthen a probe sequence; only the zone's own names place slots.
struct NodeTable: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    /// A table for `capacity` names without growing.
    init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The node named by the lower-cased wire bytes `key`, if any.
    @inline(__always)
    func find(_ key: ArraySlice<UInt8>, in nodes: [ZoneNode]) -> Int32? {
        key.withUnsafeBufferPointer { key in
            let hash = Self.hash(key)
            let tag = UInt32(truncatingIfNeeded: hash)
            var position = Int(truncatingIfNeeded: hash >> 32) & mask
            while true {
                let slot = slots[position]
                if slot == 0 { return nil }
                if UInt32(truncatingIfNeeded: slot) == tag {
                    let node = Int(slot >> 32) - 1
                    if Self.equal(nodes[node].name.wire, key) { return Int32(node) }
                }
                position = (position + 1) & mask
            }
        }
    }

    /// Records `node` under its own name (`nodes[node]`), which must not be in the table yet.
    mutating func insert(_ node: Int32, in nodes: [ZoneNode]) {
        if (count + 1) * 2 > slots.count { grow(nodes) }
        place(node, hash: nodes[Int(node)].name.wire.withUnsafeBufferPointer(Self.hash))
        count += 1
    }

    private mutating func place(_ node: Int32, hash: UInt64) {
        var position = Int(truncatingIfNeeded: hash >> 32) & mask
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = UInt64(UInt32(node) + 1) << 32 | UInt64(UInt32(truncatingIfNeeded: hash))
    }

    /// Room for `capacity` names in all without growing again.
    mutating func reserveCapacity(_ capacity: Int, in nodes: [ZoneNode]) {
        var size = slots.count
        while size < capacity * 2 { size <<= 1 }
        if size > slots.count { grow(nodes, to: size) }
    }

    private mutating func grow(_ nodes: [ZoneNode]) {
        grow(nodes, to: slots.count * 2)
    }

    private mutating func grow(_ nodes: [ZoneNode], to size: Int) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            let node = Int32(slot >> 32) - 1
            place(node, hash: nodes[Int(node)].name.wire.withUnsafeBufferPointer(Self.hash))
        }
    }

    /// `NameHash` (the keys are lower-cased already; folding them again changes nothing).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        NameHash.hash(UnsafeRawBufferPointer(bytes))
    }

    @inline(__always)
    private static func equal(_ name: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        name.withUnsafeBufferPointer { name in
            guard name.count == key.count else { return false }
            for index in 0..<name.count where name[index] != key[index] { return false }
            return true
        }
    }
}
