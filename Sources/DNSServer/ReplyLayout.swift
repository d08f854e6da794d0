import AnswerEngine

/// What `ResponseCache` must know to re-shuffle a stored reply (RR-10): the records inside each
/// shuffled span, and every compression pointer that points into a span, so it can be moved
/// with the record it points at. Worked out once, when the reply is stored, by walking the
/// reply the way a resolver would.
///
/// A reply is refused (nil) when re-shuffling could not be exact: a span that does not start and
/// end on record boundaries, more than `maxRecordsPerSpan` records in one span, or a pointer
/// from inside a span into the same span (after a permutation it could point forwards).
struct ReplyLayout {
    static let maxRecordsPerSpan = 64

    struct Span {
        var start: Int
        /// Length of each record in reply order.
        var recordLengths: [Int]
    }

    /// A compression pointer at `position` whose target lies in some span.
    struct Fixup {
        var position: Int
        var target: Int
    }

    var spans: [Span] = []
    var fixups: [Fixup] = []

    init?(reply: UnsafeRawBufferPointer, shuffled: ShuffledSpans) {
        guard shuffled.count > 0 else { return }
        var ranges: [Range<Int>] = []
        for index in 0..<shuffled.count { ranges.append(shuffled[index]) }
        guard let (starts, pointers) = Self.walk(reply) else { return nil }
        for range in ranges {
            let inside = starts.filter { range.contains($0) }
            guard inside.first == range.lowerBound, !inside.isEmpty, inside.count <= Self.maxRecordsPerSpan,
                  starts.contains(range.upperBound) || range.upperBound == reply.count
            else { return nil }
            let bounds = inside + [range.upperBound]
            spans.append(Span(start: range.lowerBound, recordLengths: zip(bounds.dropFirst(), bounds).map { $0 - $1 }))
        }
        for (position, target) in pointers {
            guard let targetSpan = ranges.firstIndex(where: { $0.contains(target) }) else { continue }
            if ranges[targetSpan].contains(position) { return nil }
            fixups.append(Fixup(position: position, target: target))
        }
    }

    /// Start offsets of every record (and the end of the last), and every compression pointer
    /// as (position, target); nil for a reply this walker does not understand.
    private static func walk(_ reply: UnsafeRawBufferPointer) -> ([Int], [(Int, Int)])? {
        guard reply.count >= 12 else { return nil }
        func u16(_ offset: Int) -> Int { Int(reply[offset]) << 8 | Int(reply[offset + 1]) }
        let questions = u16(4)
        let records = u16(6) + u16(8) + u16(10)
        var pointers: [(Int, Int)] = []
        var offset = 12
        /// Skips a name at `offset`, noting its pointer; nil when malformed.
        func skipName(_ start: Int) -> Int? {
            var index = start
            while index < reply.count {
                let length = Int(reply[index])
                if length & 0xC0 == 0xC0 {
                    guard index + 1 < reply.count else { return nil }
                    pointers.append((index, (length & 0x3F) << 8 | Int(reply[index + 1])))
                    return index + 2
                }
                guard length & 0xC0 == 0 else { return nil }
                if length == 0 { return index + 1 }
                index += 1 + length
            }
            return nil
        }
        for _ in 0..<questions {
            guard let end = skipName(offset), end + 4 <= reply.count else { return nil }
            offset = end + 4
        }
        var starts: [Int] = []
        for _ in 0..<records {
            starts.append(offset)
            guard let nameEnd = skipName(offset), nameEnd + 10 <= reply.count else { return nil }
            let type = u16(nameEnd)
            let rdataStart = nameEnd + 10
            let rdataEnd = rdataStart + u16(nameEnd + 8)
            guard rdataEnd <= reply.count else { return nil }
            // The types whose RDATA names MessageWriter compresses (RFC 3597 §4).
            switch type {
            case 2, 5, 12:  // NS, CNAME, PTR
                guard skipName(rdataStart) != nil else { return nil }
            case 15:  // MX
                guard rdataStart + 2 < rdataEnd, skipName(rdataStart + 2) != nil else { return nil }
            case 6:  // SOA
                guard let mnameEnd = skipName(rdataStart), skipName(mnameEnd) != nil else { return nil }
            default:
                break
            }
            offset = rdataEnd
        }
        starts.append(offset)
        return (starts, pointers)
    }
}
