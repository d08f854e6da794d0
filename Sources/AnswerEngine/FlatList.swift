/// A run of a zone-wide array seen as its own 0-based collection: the groups of one node, the
/// members of one group. One shared array per zone instead of two small heap arrays per name was
/// ~150 bytes less per name of a million-record zone (issue 6, scale).
struct FlatList<Element: Sendable>: RandomAccessCollection, Sendable {
    private let base: [Element]
    private let start: Int32
    private let length: Int32

    /// The elements `range` of `base` (which must not be mutated afterwards: that would copy it).
    init(_ base: [Element], _ range: Range<Int>) {
        self.base = base
        start = Int32(range.lowerBound)
        length = Int32(range.count)
    }

    /// All of `elements` (tests and small zones).
    init(_ elements: [Element]) {
        self.init(elements, elements.indices)
    }

    static var empty: FlatList<Element> { FlatList([]) }

    var startIndex: Int { 0 }
    var endIndex: Int { Int(length) }

    @inline(__always)
    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < Int(length), "FlatList index out of range")
        return base[Int(start) + position]
    }
}
