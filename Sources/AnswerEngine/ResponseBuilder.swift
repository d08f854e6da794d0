import DNSWire

/// A `MessageWriter` that writes whole RRsets or nothing and keeps room for the OPT record.
///
/// RFC 2181 §9: an RRset that does not fit is dropped entirely, never sent in part. When the
/// dropped RRset was required (answer, referral NS, negative SOA, in-domain glue) the response
/// is marked truncated and nothing else is added; an optional RRset (other additional data,
/// the apex NS of a positive answer) is simply left out (DNS-09).
struct ResponseBuilder {
    var writer: MessageWriter
    /// Bytes kept free for the OPT record (11 without options, RFC 6891 §6.1.2) when the query
    /// had EDNS, so OPT always fits.
    let reserve: Int
    private(set) var truncated = false
    /// RRsets written in random order (RR-10), for listeners that replay this reply.
    private(set) var shuffled = ShuffledSpans()
    private var mark: MessageWriter.Checkpoint?
    private var markSize = 0
    private var overflowed = false

    init(limit: Int, reserve: Int) {
        writer = MessageWriter(limit: limit, capacity: min(limit, 1232))
        self.reserve = reserve
    }

    /// Starts an RRset; records added until `endRRset` stand or fall together.
    mutating func beginRRset() {
        mark = writer.checkpoint()
        markSize = writer.bytes.count
        overflowed = false
    }

    mutating func add(_ section: MessageSection, owner: DomainName, type: RRType, ttl: UInt32, rdata: [UInt8]) {
        guard !overflowed, !truncated else { return }
        if !writer.append(section, name: owner, type: type, ttl: ttl, rdata: rdata) {
            overflowed = true
        }
    }

    /// Notes that the records written since byte `start` are one RRset in random order.
    mutating func noteShuffled(from start: Int) {
        guard !overflowed, !truncated, writer.bytes.count > start else { return }
        shuffled.append(start..<writer.bytes.count)
    }

    /// Keeps the RRset when it fit with `reserve` bytes to spare; otherwise removes it and, if it
    /// was `required`, marks the response truncated. Returns whether the RRset was kept.
    @discardableResult
    mutating func endRRset(required: Bool) -> Bool {
        guard let mark else { return false }
        self.mark = nil
        guard overflowed || truncated || writer.remaining < reserve else { return true }
        writer.rollback(to: mark)
        shuffled.removeAll(from: markSize)
        if required { truncated = true }
        return false
    }
}
