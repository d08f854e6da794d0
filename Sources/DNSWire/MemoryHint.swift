import CMemoryHint

/// Cache prefetch hints for loops that walk a million record sets, each with its own small heap
/// objects (name bytes, value arrays): every object read or retained was a cache miss of its own
/// (issue 6, scale). A loop asks for the objects of the item some positions ahead, so their misses
/// overlap with the work in between. Hints only: they never fault and change no result.
public enum MemoryHint {
    /// How many items ahead a loop prefetches an item's objects; a table slot that needs those
    /// objects to be hashed is asked for at `NameIndex.prefetchDistance`, closer.
    public static let objectDistance = 16

    /// Starts loading the heap object whose reference is stored at `field` (an array's storage,
    /// a `DomainName`'s bytes), header first. The reference is read as bits, not retained: a
    /// retain writes the object's header and so waits for the very miss this hides (taking the
    /// array itself to ask for its buffer made the loops slower, not faster).
    @inlinable @inline(__always)
    public static func prefetchObject(referencedAt field: UnsafeRawPointer) {
        guard let object = UnsafeRawPointer(bitPattern: field.loadUnaligned(as: UInt.self)) else { return }
        lab53_prefetch(object)
        lab53_prefetch(object + 64)
    }
}
