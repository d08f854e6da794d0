/// Where a reply holds record sets written in random order (RR-10): byte ranges, each exactly
/// the records of one RRset. A listener replaying the reply permutes the records inside each
/// range afresh (issue 6, `ResponseCache`), so every replay is as random as a fresh reply.
/// Fixed capacity, no allocation; a reply with more ranges than fit is marked `overflowed` and
/// is not replayed.
public struct ShuffledSpans: Sendable {
    public static let capacity = 8

    public private(set) var count = 0
    /// More ranges were noted than `capacity`.
    public private(set) var overflowed = false
    private var starts: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var ends: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    /// The byte range of span `index` in the reply.
    public subscript(index: Int) -> Range<Int> {
        precondition(index >= 0 && index < count, "span index out of range")
        let start = withUnsafeBytes(of: starts) { $0.load(fromByteOffset: index * 2, as: UInt16.self) }
        let end = withUnsafeBytes(of: ends) { $0.load(fromByteOffset: index * 2, as: UInt16.self) }
        return Int(start)..<Int(end)
    }

    mutating func append(_ range: Range<Int>) {
        guard count < Self.capacity, range.upperBound <= Int(UInt16.max) else {
            overflowed = true
            return
        }
        withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: UInt16(range.lowerBound), toByteOffset: count * 2, as: UInt16.self) }
        withUnsafeMutableBytes(of: &ends) { $0.storeBytes(of: UInt16(range.upperBound), toByteOffset: count * 2, as: UInt16.self) }
        count += 1
    }

    /// Forgets the spans that start at or after `offset` (their RRset was rolled back).
    mutating func removeAll(from offset: Int) {
        while count > 0 && self[count - 1].lowerBound >= offset { count -= 1 }
    }
}
