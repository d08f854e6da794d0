import DNSWire

/// Lower-cased, uncompressed wire bytes of a name (or of a suffix of one): the hash key of every
/// lookup on the query path (architecture.md, "Answer templates": one hash lookup on the
/// lower-cased wire name).
///
/// A key is a slice, so the suffixes of a query name are looked up without copying; case is
/// folded once per query, not per lookup (RFC 4343).
struct NameKey: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: NameKey, rhs: NameKey) -> Bool {
        lhs.bytes.count == rhs.bytes.count && lhs.bytes.elementsEqual(rhs.bytes)
    }
}

/// A name with ASCII letters folded to lower case, ready for suffix lookups.
struct FoldedName: Sendable {
    /// Lower-cased uncompressed wire form.
    let wire: [UInt8]
    /// Labels, not counting the root.
    let labelCount: Int

    /// Folds `name` (one allocation: the folded copy).
    init(_ name: DomainName) {
        self.init(alreadyFolded: name.lowercased())
    }

    /// Wraps a name that is already lower case (names stored in a snapshot are).
    init(alreadyFolded name: DomainName) {
        wire = name.wire
        labelCount = name.labelCount
    }

    /// The key of the suffix that starts at byte `offset` (a label boundary).
    @inline(__always)
    func key(from offset: Int) -> NameKey {
        NameKey(wire[offset...])
    }

    /// The offset of the next label boundary after `offset` (drops one label).
    @inline(__always)
    func parentOffset(of offset: Int) -> Int {
        offset + 1 + Int(wire[offset])
    }

    /// The offset at which the suffix with `count` labels starts (`count` ≤ `labelCount`).
    func offset(ofSuffixWithLabels count: Int) -> Int {
        var offset = 0
        var labels = labelCount
        while labels > count {
            offset = parentOffset(of: offset)
            labels -= 1
        }
        return offset
    }
}
