import DNSWire

/// The name → node index of one compiled zone: a `NameIndex` whose keys are the nodes' own
/// lower-cased names, so the table stores no keys (8 bytes per slot, issue 6, scale). Lookups
/// never insert, so a query cannot lengthen a probe sequence; only the zone's own names place slots.
struct NodeTable: Sendable {
    private var index: NameIndex

    /// A table for `capacity` names without growing.
    init(capacity: Int = 0) {
        index = NameIndex(capacity: capacity)
    }

    var count: Int { index.count }

    /// The node named by the lower-cased wire bytes `key`, if any.
    @inline(__always)
    func find(_ key: ArraySlice<UInt8>, in nodes: [ZoneNode]) -> Int32? {
        key.withUnsafeBufferPointer { key in
            guard let node = index.find(hash: Self.hash(key), where: { Self.equal(nodes[$0].name.wire, key) }) else { return nil }
            return Int32(truncatingIfNeeded: node)
        }
    }

    /// Starts loading the slot a `find` of `name` (in any case) will probe first (`NameIndex.prefetch`).
    func prefetch(_ name: DomainName) {
        index.prefetch(hash: NameHash.hash(name))
    }

    /// Records `node` under its own name (`nodes[node]`), which must not be in the table yet.
    mutating func insert(_ node: Int32, in nodes: [ZoneNode]) {
        index.insert(Int(node), hash: Self.hash(of: nodes[Int(node)])) { Self.hash(of: nodes[$0]) }
    }

    /// Room for `capacity` names in all without growing again.
    mutating func reserveCapacity(_ capacity: Int, in nodes: [ZoneNode]) {
        index.reserveCapacity(capacity) { Self.hash(of: nodes[$0]) }
    }

    /// `NameHash` (the keys are lower-cased already; folding them again changes nothing).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        NameHash.hash(UnsafeRawBufferPointer(bytes))
    }

    private static func hash(of node: ZoneNode) -> UInt64 {
        node.name.wire.withUnsafeBufferPointer(hash)
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
