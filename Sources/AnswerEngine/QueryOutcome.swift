import DNSWire

/// What the data plane learns about one packet it answered, for the query counters and the
/// query log (issue 5 items 3 and 4). Filled by `Responder.respond(to:transport:client:state:outcome:)`
/// from values the responder has at hand anyway: no extra lookup on the common path, no
/// allocation (the name and subnet are references to what the parser already built).
public struct QueryOutcome: Sendable {
    /// What the accept filter made of the packet.
    public enum Kind: UInt8, Sendable {
        /// Dropped unanswered (too short, QR=1).
        case dropped
        /// Answered with a header-only FORMERR (malformed, DNS-10).
        case malformed
        /// Answered with a header-only NOTIMP (other opcodes, DNS-10).
        case notImplemented
        /// A standard query answered from the snapshot.
        case query
    }

    public var kind: Kind = .dropped
    /// Index of the hosted zone the query was attributed to in `AnswerSnapshot`, -1 for none
    /// (REFUSED outside every hosted zone, DNS-03; header-only replies).
    public var zone: Int = -1
    /// QTYPE as received; meaningless unless `kind == .query`.
    public var type: RRType = RRType(rawValue: 0)
    /// The response code sent, extended RCODEs (BADVERS) included.
    public var rcode: RCode = .noError
    /// The response had TC set (DNS-09: UDP answers that did not fit).
    public var truncated = false
    /// The question name exactly as received (`kind == .query` only).
    public var name: DomainName?
    /// The EDNS Client Subnet option of the query, if any (DNS-13 field 10).
    public var clientSubnet: ClientSubnet?
    /// The reply is a pure function of the query bytes (ID and QNAME case aside) and the serving
    /// state, up to the order of the RRsets in `shuffled`: no weighted or multivalue draw
    /// (RP-04, RP-06) and no client-aware decision (RP-07…RP-10). Only then may a listener replay
    /// it for an identical query, re-shuffling those RRsets (RR-10; issue 6).
    public var cacheable = false
    /// The reply's RRsets in random order (RR-10).
    public var shuffled = ShuffledSpans()

    public init() {}
}
