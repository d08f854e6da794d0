import AnswerEngine
import CMemoryHint
import DNSWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Replies the responder built for earlier identical queries, replayed without running it again
/// (issue 6: the common UDP answer costs a hash, a compare and a copy, like NSD's and gdnsd's
/// precompiled answers and PowerDNS's packet cache).
///
/// Only replies the responder marked `cacheable` go in: no weighted or multivalue draw, no
/// client-aware decision (`QueryOutcome.cacheable`). Such a reply is a pure function of the
/// serving state and the query bytes after the ID, with QNAME's letters folded, up to the order
/// of its multi-value RRsets; so the key is exactly those bytes, and a hit is the stored reply
/// with the query's ID and its question (QNAME case as received, DNS-01) copied in, and every
/// multi-value RRset shuffled afresh (RR-10), so replays are as random as fresh replies. Every name the responder compressed into the question picks up that case too, as
/// in a freshly built reply. The cache belongs to one `ServingState`: any new state (zones or
/// health changed) empties it before it is used, so a replayed reply is never stale.
///
/// One instance per listener thread, never shared: no locks, no atomics. Memory is fixed at
/// creation (an arena and an open-addressed index); when either fills up, everything is dropped
/// and refilled from live traffic. Queries arrive in batches (`recvmmsg`): `prepare` keys every
/// query of a batch and prefetches its index slot, `prefetchEntry` its entry, so the memory
/// misses of a batch overlap instead of stalling one query after another.
final class ResponseCache {
    /// Longest key (query bytes after the ID) worth caching: an ordinary query with EDNS is ~40.
    static let maxKeyLength = 300
    /// Linear probes per lookup before giving up (the index is at most half full).
    private static let maxProbes = 8
    /// Entry header: key length, reply length (UInt16 each), zone (Int32), counter cell
    /// (UInt16), truncated flag, shuffled span count (UInt8 each), fixup count (UInt16), padding.
    private static let headerSize = 16

    /// Where an entry's re-shuffle metadata starts: after key and reply, 2-aligned for UInt16s.
    @inline(__always)
    private static func metadataOffset(keyLength: Int, replyLength: Int) -> Int {
        (headerSize + keyLength + replyLength + 1) & ~1
    }

    /// A reply written from the cache: its length, and what the query counters need (issue 5
    /// item 3). Plain values, so returning it costs no reference counting.
    struct Replay {
        var length: Int
        var zone: Int
        var cell: Int
        var truncated: Bool
    }

    private let arena: UnsafeMutableRawPointer
    private let arenaCapacity: Int
    private var arenaUsed = 0
    /// Index slots: 0 = empty, else (hash's high 32 bits) << 32 | (entry offset + 1).
    private let slots: UnsafeMutablePointer<UInt64>
    private let slotMask: Int
    private let maxEntries: Int
    private var entryCount = 0
    /// The state the entries were built from.
    private(set) weak var state: ServingState?
    /// Per batch position: the folded key (`maxKeyLength` bytes each), its length (0: the query
    /// is not a cacheable shape), its hash, and the end of QNAME (offset of QTYPE).
    private let batch: Int
    private let keys: UnsafeMutableRawPointer
    private let keyLengths: UnsafeMutablePointer<Int>
    private let hashes: UnsafeMutablePointer<UInt64>
    private let nameEnds: UnsafeMutablePointer<Int>
    /// Draws for re-shuffling replayed RRsets (RR-10), and the tables `reshuffle` works in:
    /// a permutation, and where each record of each span moved to.
    private var generator = SplitMix64.forQuery()
    private let shuffleOrder: UnsafeMutablePointer<UInt8>
    private let movedStarts: UnsafeMutablePointer<UInt16>

    /// A cache holding at most `entries` replies in `arenaBytes` of memory, for batches of up
    /// to `batch` queries.
    init(entries: Int, arenaBytes: Int, batch: Int = 1) {
        var slotCount = 16
        while slotCount < entries * 2 { slotCount <<= 1 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        slotMask = slotCount - 1
        maxEntries = entries
        arenaCapacity = arenaBytes
        arena = .allocate(byteCount: arenaBytes, alignment: 16)
        self.batch = max(1, batch)
        keys = .allocate(byteCount: self.batch * Self.maxKeyLength, alignment: 8)
        keyLengths = .allocate(capacity: self.batch)
        keyLengths.initialize(repeating: 0, count: self.batch)
        hashes = .allocate(capacity: self.batch)
        hashes.initialize(repeating: 0, count: self.batch)
        nameEnds = .allocate(capacity: self.batch)
        nameEnds.initialize(repeating: 0, count: self.batch)
        shuffleOrder = .allocate(capacity: ReplyLayout.maxRecordsPerSpan)
        shuffleOrder.initialize(repeating: 0, count: ReplyLayout.maxRecordsPerSpan)
        movedStarts = .allocate(capacity: ShuffledSpans.capacity * ReplyLayout.maxRecordsPerSpan)
        movedStarts.initialize(repeating: 0, count: ShuffledSpans.capacity * ReplyLayout.maxRecordsPerSpan)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
        keys.deallocate()
        keyLengths.deallocate()
        hashes.deallocate()
        nameEnds.deallocate()
        shuffleOrder.deallocate()
        movedStarts.deallocate()
    }

    /// Keys `query` as batch position `position` and prefetches its index slot.
    @inline(__always)
    func prepare(_ query: UnsafeRawBufferPointer, at position: Int) {
        keyLengths[position] = 0
        guard prepareKey(query, at: position) else { return }
        lab53_prefetch(slots + (Int(truncatingIfNeeded: hashes[position]) & slotMask))
    }

    /// Prefetches the entry batch position `position` probably hits (its first probe).
    @inline(__always)
    func prefetchEntry(at position: Int) {
        guard keyLengths[position] > 0 else { return }
        let value = slots[Int(truncatingIfNeeded: hashes[position]) & slotMask]
        guard value != 0, value >> 32 == hashes[position] >> 32 else { return }
        lab53_prefetch(arena + Int(value & 0xFFFF_FFFF) - 1)
    }

    /// Empties the cache unless it already belongs to `current`.
    @inline(__always)
    func use(_ current: ServingState) {
        if state !== current { reset(for: current) }
    }

    private func reset(for current: ServingState) {
        if entryCount > 0 { slots.update(repeating: 0, count: slotMask + 1) }
        entryCount = 0
        arenaUsed = 0
        state = current
    }

    /// Writes the cached reply to `query`, prepared as batch position `position`, into `out`
    /// (room for `capacity` bytes) and returns its length and outcome; nil on a miss. After a
    /// miss on a well-formed question, `insert(at:)` may store the reply the responder builds.
    func lookup(_ query: UnsafeRawBufferPointer, at position: Int, into out: UnsafeMutableRawPointer,
                capacity: Int) -> Replay? {
        let keyLength = keyLengths[position]
        guard keyLength > 0 else { return nil }
        let hash = hashes[position]
        let key = keys + position * Self.maxKeyLength
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        for _ in 0..<Self.maxProbes {
            let value = slots[slot]
            if value == 0 { return nil }
            if value >> 32 == tag {
                let offset = Int(value & 0xFFFF_FFFF) - 1
                let entry = arena + offset
                if Int(entry.loadUnaligned(as: UInt16.self)) == keyLength
                    && memcmp(entry + Self.headerSize, key, keyLength) == 0 {
                    return replay(entry, keyLength: keyLength, nameEnd: nameEnds[position], query: query, into: out,
                                  capacity: capacity)
                }
            }
            slot = (slot + 1) & slotMask
        }
        return nil
    }

    /// Stores `reply` for the query prepared as batch position `position` (which missed).
    func insert(_ reply: UnsafeRawBufferPointer, outcome: QueryOutcome, at position: Int) {
        let keyLength = keyLengths[position]
        let hash = hashes[position]
        guard keyLength > 0, outcome.kind == .query, outcome.cacheable, reply.count <= Int(UInt16.max) else { return }
        var layout: ReplyLayout?
        if outcome.shuffled.count > 0 {
            guard let made = ReplyLayout(reply: reply, shuffled: outcome.shuffled) else { return }
            layout = made
        }
        // Per span: record count, then each record's start and the span's end (UInt16 each);
        // per fixup: (span, record, delta) for its position and for its target (6 × UInt16).
        let spanBytes = layout?.spans.reduce(0) { $0 + 2 + 2 * ($1.recordLengths.count + 1) } ?? 0
        let fixupBytes = 12 * (layout?.fixups.count ?? 0)
        let size = (Self.metadataOffset(keyLength: keyLength, replyLength: reply.count) + spanBytes + fixupBytes + 15) & ~15
        if entryCount >= maxEntries || arenaUsed + size > arenaCapacity {
            guard let state else { return }
            reset(for: state)
            guard size <= arenaCapacity else { return }
        }
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        for _ in 0..<Self.maxProbes {
            if slots[slot] == 0 {
                write(entryAt: arena + arenaUsed, key: keys + position * Self.maxKeyLength, keyLength: keyLength,
                      reply: reply, outcome: outcome, layout: layout)
                slots[slot] = (hash >> 32) << 32 | UInt64(arenaUsed + 1)
                arenaUsed += size
                entryCount += 1
                return
            }
            slot = (slot + 1) & slotMask
        }
    }

    private func write(entryAt entry: UnsafeMutableRawPointer, key: UnsafeRawPointer, keyLength: Int,
                       reply: UnsafeRawBufferPointer, outcome: QueryOutcome, layout: ReplyLayout?) {
        entry.storeBytes(of: UInt16(keyLength), as: UInt16.self)
        (entry + 2).storeBytes(of: UInt16(reply.count), as: UInt16.self)
        (entry + 4).storeBytes(of: Int32(truncatingIfNeeded: outcome.zone), as: Int32.self)
        (entry + 8).storeBytes(of: UInt16(QueryCounterCell.index(of: outcome, transport: .udp)), as: UInt16.self)
        (entry + 12).storeBytes(of: outcome.truncated ? 1 : 0, as: UInt8.self)
        (entry + 13).storeBytes(of: UInt8(layout?.spans.count ?? 0), as: UInt8.self)
        (entry + 14).storeBytes(of: UInt16(layout?.fixups.count ?? 0), as: UInt16.self)
        (entry + Self.headerSize).copyMemory(from: key, byteCount: keyLength)
        if let base = reply.baseAddress {
            (entry + Self.headerSize + keyLength).copyMemory(from: base, byteCount: reply.count)
        }
        guard let layout else { return }
        var cursor = entry + Self.metadataOffset(keyLength: keyLength, replyLength: reply.count)
        func put(_ value: Int) {
            cursor.storeBytes(of: UInt16(value), as: UInt16.self)
            cursor += 2
        }
        for span in layout.spans {
            put(span.recordLengths.count)
            var start = span.start
            put(start)
            for length in span.recordLengths {
                start += length
                put(start)
            }
        }
        /// (span, record, offset in record) of a reply offset; span 0xFF: outside every span.
        func locate(_ offset: Int) -> (Int, Int, Int) {
            for (index, span) in layout.spans.enumerated() {
                var start = span.start
                for (record, length) in span.recordLengths.enumerated() {
                    if offset >= start && offset < start + length { return (index, record, offset - start) }
                    start += length
                }
            }
            return (0xFF, 0, offset)
        }
        for fixup in layout.fixups {
            for offset in [fixup.position, fixup.target] {
                let (span, record, delta) = locate(offset)
                put(span)
                put(record)
                put(delta)
            }
        }
    }

    /// Copies bytes 2… of `query` into the key of batch position `position` with QNAME's letters
    /// folded, and hashes them. False for anything but one plain uncompressed question short
    /// enough to cache.
    @inline(__always)
    private func prepareKey(_ query: UnsafeRawBufferPointer, at position: Int) -> Bool {
        let length = query.count
        guard length >= 17, length - 2 <= Self.maxKeyLength, let base = query.baseAddress else { return false }
        // QNAME: length-prefixed labels up to the root label; a pointer or a bad length is left
        // to the responder (FORMERR or whatever it decides), uncached.
        var offset = 12
        while true {
            guard offset < length else { return false }
            let label = Int(query[offset])
            if label == 0 { break }
            guard label <= 63 else { return false }
            offset += 1 + label
        }
        let nameEnd = offset + 1
        guard nameEnd + 4 <= length else { return false }
        let key = keys + position * Self.maxKeyLength
        key.copyMemory(from: base + 2, byteCount: length - 2)
        // Label length bytes (≤ 63) are never ASCII letters, so the whole name folds byte by byte.
        let name = key.assumingMemoryBound(to: UInt8.self)
        for index in 10..<(nameEnd - 2) {
            name[index] = DomainName.foldCase(name[index])
        }
        nameEnds[position] = nameEnd
        keyLengths[position] = length - 2
        hashes[position] = Self.hash(key, count: length - 2)
        return true
    }

    private func replay(_ entry: UnsafeMutableRawPointer, keyLength: Int, nameEnd: Int, query: UnsafeRawBufferPointer,
                        into out: UnsafeMutableRawPointer, capacity: Int) -> Replay? {
        let replyLength = Int((entry + 2).loadUnaligned(as: UInt16.self))
        guard replyLength <= capacity, let base = query.baseAddress else { return nil }
        let stored = entry + Self.headerSize + keyLength
        out.copyMemory(from: stored, byteCount: replyLength)
        // DNS-01: the query's ID, and its question name exactly as received.
        out.copyMemory(from: base, byteCount: 2)
        (out + 12).copyMemory(from: base + 12, byteCount: nameEnd - 12)
        let spanCount = Int((entry + 13).load(as: UInt8.self))
        if spanCount > 0 {
            let fixupCount = Int((entry + 14).loadUnaligned(as: UInt16.self))
            reshuffle(stored, spanCount: spanCount, fixupCount: fixupCount, metadata: entry + Self.metadataOffset(keyLength: keyLength, replyLength: replyLength), into: out)
        }
        return Replay(length: replyLength, zone: Int((entry + 4).loadUnaligned(as: Int32.self)),
                      cell: Int((entry + 8).loadUnaligned(as: UInt16.self)),
                      truncated: (entry + 12).load(as: UInt8.self) != 0)
    }

    /// RR-10 on replay: writes the records of every shuffled span of `stored` into `out` in a
    /// fresh uniformly random order (Fisher–Yates), then moves every compression pointer that
    /// points into a span along with the record it points at (`ReplyLayout`). Works in tables
    /// allocated with the cache: nothing is allocated here.
    private func reshuffle(_ stored: UnsafeRawPointer, spanCount: Int, fixupCount: Int, metadata: UnsafeRawPointer,
                           into out: UnsafeMutableRawPointer) {
        let width = ReplyLayout.maxRecordsPerSpan
        let words = metadata.assumingMemoryBound(to: UInt16.self)
        var cursor = 0
        for span in 0..<spanCount {
            let records = Int(words[cursor])
            let starts = words + cursor + 1  // records + 1 offsets: each record's start, then the end
            cursor += records + 2
            let order = shuffleOrder
            for record in 0..<records { order[record] = UInt8(record) }
            var index = records - 1
            while index > 0 {
                let other = Int.random(in: 0...index, using: &generator)
                (order[index], order[other]) = (order[other], order[index])
                index -= 1
            }
            let newStarts = movedStarts + span * width
            var destination = Int(starts[0])
            for position in 0..<records {
                let record = Int(order[position])
                let source = Int(starts[record])
                let length = Int(starts[record + 1]) - source
                (out + destination).copyMemory(from: stored + source, byteCount: length)
                newStarts[record] = UInt16(destination)
                destination += length
            }
        }
        for _ in 0..<fixupCount {
            let fixup = words + cursor
            cursor += 6
            let position = moved(span: fixup[0], record: fixup[1], delta: fixup[2])
            let target = moved(span: fixup[3], record: fixup[4], delta: fixup[5])
            out.storeBytes(of: UInt8(0xC0 | target >> 8), toByteOffset: position, as: UInt8.self)
            out.storeBytes(of: UInt8(target & 0xFF), toByteOffset: position + 1, as: UInt8.self)
        }
    }

    /// Where an offset stored as (span, record, delta) landed after the last `reshuffle`.
    @inline(__always)
    private func moved(span: UInt16, record: UInt16, delta: UInt16) -> Int {
        guard span != 0xFF else { return Int(delta) }
        return Int(movedStarts[Int(span) * ReplyLayout.maxRecordsPerSpan + Int(record)]) + Int(delta)
    }

    /// A fast 64-bit hash of `count` bytes (8 bytes per multiply, then a final avalanche); the
    /// keys come from clients, but a collision only costs a probe or a slot, never a wrong reply.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        while offset + 8 <= count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes.load(fromByteOffset: offset, as: UInt8.self)) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 32
        return hash
    }
}
