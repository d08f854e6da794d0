import DNSWire

/// Where one answered query is counted inside a `ZoneQueryCounters` block: a QTYPE slot × an
/// RCODE slot × a transport (issue 5 item 3). The sets are small and fixed so the table is a
/// flat array of atomics indexed by arithmetic, never a dictionary on the hot path.
public enum QueryCounterCell {
    /// QTYPEs with their own row: every Route 53 record type (RR-01), ANY/AXFR/IXFR (DNS-10),
    /// then OTHER for everything else and NONE for header-only replies (no question parsed).
    public static let typeLabels = ["A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "NAPTR", "DS", "SSHFP",
                                    "TLSA", "SVCB", "HTTPS", "SPF", "CAA", "ANY", "AXFR", "IXFR", "OTHER", "NONE"]
    /// RCODEs the responder produces (DNS-05, DNS-10, RFC 6891 BADVERS), then OTHER.
    public static let rcodeLabels = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "BADVERS", "OTHER"]
    public static let transportLabels = ["udp", "tcp"]

    static let otherType = 20
    static let noQuestion = 21
    /// Query cells; the block keeps one truncation counter per transport after them.
    public static let count = typeLabels.count * rcodeLabels.count * transportLabels.count

    /// The cell of an outcome. Header-only replies (`.malformed`, `.notImplemented`) have no
    /// QTYPE and count under NONE.
    @inline(__always)
    public static func index(of outcome: QueryOutcome, transport: Transport) -> Int {
        let type = outcome.kind == .query ? typeSlot(outcome.type) : noQuestion
        return index(typeSlot: type, rcodeSlot: rcodeSlot(outcome.rcode), transportSlot: transportSlot(transport))
    }

    @inline(__always)
    public static func index(typeSlot: Int, rcodeSlot: Int, transportSlot: Int) -> Int {
        (typeSlot * rcodeLabels.count + rcodeSlot) * transportLabels.count + transportSlot
    }

    /// (type, rcode, transport) slots of a cell index, for the exporter.
    public static func slots(of index: Int) -> (type: Int, rcode: Int, transport: Int) {
        let transport = index % transportLabels.count
        let rest = index / transportLabels.count
        return (rest / rcodeLabels.count, rest % rcodeLabels.count, transport)
    }

    @inline(__always)
    static func transportSlot(_ transport: Transport) -> Int {
        transport == .udp ? 0 : 1
    }

    @inline(__always)
    static func typeSlot(_ type: RRType) -> Int {
        switch type.rawValue {
        case 1: 0
        case 2: 1
        case 5: 2
        case 6: 3
        case 12: 4
        case 15: 5
        case 16: 6
        case 28: 7
        case 33: 8
        case 35: 9
        case 43: 10
        case 44: 11
        case 52: 12
        case 64: 13
        case 65: 14
        case 99: 15
        case 257: 16
        case 255: 17
        case 252: 18
        case 251: 19
        default: otherType
        }
    }

    @inline(__always)
    static func rcodeSlot(_ rcode: RCode) -> Int {
        switch rcode.rawValue {
        case 0...5: Int(rcode.rawValue)
        case 16: 6
        default: 7
        }
    }
}
