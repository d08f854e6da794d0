/// What the accept filter decided about an incoming packet (RFC 1035 §4.1, RFC 6891 §7).
///
/// Error replies are header-only, like NSD's: `.formatError` keeps ID, opcode and RD;
/// `.notImplemented` keeps ID and the query's flags. The responder sets QR and the RCODE.
public enum QueryParseOutcome: Sendable {
    /// A well-formed standard query with exactly one question. `edns.version > 0` is left for the
    /// responder to answer BADVERS.
    case query(Query)
    /// Malformed header, question or additional section; QDCOUNT ≠ 1; answer/authority records
    /// present; more than one OPT or an OPT not owned by the root (RFC 6891 §6.1.1).
    case formatError(id: UInt16, opcode: Opcode, recursionDesired: Bool)
    /// An opcode other than QUERY (DNS-10: NOTIFY and UPDATE included, for now). `flags` are the
    /// query's header flags, echoed.
    case notImplemented(id: UInt16, flags: UInt16)
    /// Shorter than a header, or QR=1 (a response): never answered, so no reflection loops.
    case drop
}
