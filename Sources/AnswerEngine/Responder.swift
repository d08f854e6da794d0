import DNSWire

/// The data plane's per-query entry point: packet in, packet out (architecture.md, "The two
/// planes"). Synchronous, no Foundation, no logging, nothing thrown; every decision reads one
/// immutable snapshot.
///
/// Header rules (DNS-01): QR=1, opcode and RD copied, AA only on authoritative data, RA=0, CD and
/// AD cleared (NSD's `query_prepare_response`), the question echoed exactly as received.
///
/// Choices where the spec is silent, following NSD 4:
/// - EDNS version > 0: BADVERS with the question echoed (NSD 4.3+) and an OPT record.
/// - QCLASS other than IN and ANY (CH included): REFUSED with the question echoed.
/// - QCLASS ANY: answered like IN, but never AA and without SOA/NS authority records.
/// - Meta QTYPEs other than ANY/AXFR/IXFR (OPT, TKEY, TSIG, MAILA, MAILB, …) are looked up like
///   any other type: stored data never has them, so the answer is NODATA (or NXDOMAIN, or a CNAME).
public struct Responder: Sendable {
    /// The UDP payload size our OPT record advertises (DNS-09 [O]).
    public static let advertisedPayloadSize: UInt16 = 4096
    /// Size of an OPT record without options (RFC 6891 §6.1.2).
    static let optSize = 11

    /// Bytes the response's OPT record needs: 11, plus the echoed ECS option when the query had
    /// one (option header 4 + FAMILY/SOURCE/SCOPE 4 + the significant address bytes, RFC 7871 §6).
    static func optSize(echoing edns: EDNS) -> Int {
        guard let subnet = edns.clientSubnet else { return optSize }
        return optSize + 8 + (Int(subnet.sourcePrefixLength) + 7) / 8
    }

    /// The ECS option of a response (RFC 7871 §7.2.2): FAMILY, SOURCE PREFIX-LENGTH and ADDRESS
    /// copied from the query, SCOPE PREFIX-LENGTH set by the server.
    static func echoedSubnetOption(_ subnet: ClientSubnet, scope: UInt8) -> [UInt8] {
        var echoed = subnet
        echoed.scopePrefixLength = scope
        return EDNS(clientSubnet: echoed).optionBytes
    }

    /// The data plane's entry: answers a received packet from `state` for `client` (the resolver's
    /// address; an ECS option in the query takes precedence, DNS-09); nil means drop it. Stamps
    /// the state's first answer (`ServingState.firstAnswerUptimeNanoseconds`).
    public static func respond(to packet: UnsafeRawBufferPointer, transport: Transport, client: ClientAddress?,
                               state: ServingState) -> [UInt8]? {
        var generator = SplitMix64.forQuery()
        return respond(to: packet, transport: transport, client: client, state: state, using: &generator)
    }

    /// `respond(to:transport:client:state:)` with an explicit random generator.
    public static func respond<G: RandomNumberGenerator>(to packet: UnsafeRawBufferPointer, transport: Transport,
                                                         client: ClientAddress?, state: ServingState,
                                                         using generator: inout G) -> [UInt8]? {
        let outcome = QueryParser.parse(packet)
        guard case .query(let query) = outcome else {
            return respond(to: outcome, transport: transport, client: client, snapshot: state.snapshot,
                           health: state.health, using: &generator)
        }
        let reply = respond(to: query, transport: transport, client: client, snapshot: state.snapshot,
                            health: state.health, using: &generator)
        state.noteAnswer()
        return reply
    }

    /// `respond(to:transport:client:state:using:)` for a packet held in an array.
    public static func respond<G: RandomNumberGenerator>(to packet: [UInt8], transport: Transport,
                                                         client: ClientAddress?, state: ServingState,
                                                         using generator: inout G) -> [UInt8]? {
        packet.withUnsafeBytes {
            respond(to: $0, transport: transport, client: client, state: state, using: &generator)
        }
    }

    /// Answers a received packet with every check healthy and no client; nil means drop it.
    public static func respond(to packet: [UInt8], transport: Transport, snapshot: AnswerSnapshot) -> [UInt8]? {
        packet.withUnsafeBytes { respond(to: $0, transport: transport, snapshot: snapshot) }
    }

    /// Answers a received packet with every check healthy and no client; nil means drop it.
    public static func respond(to packet: UnsafeRawBufferPointer, transport: Transport,
                               snapshot: AnswerSnapshot) -> [UInt8]? {
        var generator = SplitMix64.forQuery()
        return respond(to: packet, transport: transport, snapshot: snapshot, health: .allHealthy, using: &generator)
    }

    /// Answers a received packet with an explicit health vector, client and random generator.
    public static func respond<G: RandomNumberGenerator>(to packet: UnsafeRawBufferPointer, transport: Transport,
                                                         client: ClientAddress? = nil, snapshot: AnswerSnapshot,
                                                         health: HealthVector, using generator: inout G) -> [UInt8]? {
        respond(to: QueryParser.parse(packet), transport: transport, client: client, snapshot: snapshot, health: health,
                using: &generator)
    }

    /// Answers a received packet held in an array, with explicit health, client and generator.
    public static func respond<G: RandomNumberGenerator>(to packet: [UInt8], transport: Transport,
                                                         client: ClientAddress? = nil, snapshot: AnswerSnapshot,
                                                         health: HealthVector, using generator: inout G) -> [UInt8]? {
        packet.withUnsafeBytes {
            respond(to: $0, transport: transport, client: client, snapshot: snapshot, health: health, using: &generator)
        }
    }

    /// Answers what the accept filter decided about a packet.
    public static func respond<G: RandomNumberGenerator>(to outcome: QueryParseOutcome, transport: Transport,
                                                         client: ClientAddress? = nil, snapshot: AnswerSnapshot,
                                                         health: HealthVector, using generator: inout G) -> [UInt8]? {
        switch outcome {
        case .drop:
            return nil
        case .formatError(let id, let opcode, let recursionDesired):
            // Header only: ID, QR, opcode, RD, FORMERR; no OPT (NSD `query_formerr`).
            return headerOnly(id: id, flags: HeaderFlag.qr | HeaderFlag.opcode(opcode)
                                  | (recursionDesired ? HeaderFlag.rd : 0), rcode: .formErr)
        case .notImplemented(let id, let flags):
            // Header only with the query's flags (DNS-10: other opcodes → NOTIMP).
            return headerOnly(id: id, flags: flags | HeaderFlag.qr, rcode: .notImp)
        case .query(let query):
            return respond(to: query, transport: transport, client: client, snapshot: snapshot, health: health,
                           using: &generator)
        }
    }

    /// Answers a parsed standard query for `client` (nil: unknown, every client-aware policy
    /// treats it as unmapped unless the query carries ECS).
    public static func respond<G: RandomNumberGenerator>(to query: Query, transport: Transport,
                                                         client: ClientAddress? = nil, snapshot: AnswerSnapshot,
                                                         health: HealthVector, using generator: inout G) -> [UInt8] {
        var writer = AnswerWriter(snapshot: snapshot, health: health, query: query, transport: transport, client: client,
                                  generator: generator)
        writer.respond()
        generator = writer.generator
        return writer.finish()
    }

    /// DNS-09: 512 bytes over UDP without EDNS; with EDNS the client's size (at least 512,
    /// RFC 6891 §6.2.5) capped at the 4096 we advertise; 65535 over TCP.
    public static func sizeLimit(for query: Query, transport: Transport) -> Int {
        switch transport {
        case .tcp:
            return 65535
        case .udp:
            guard let edns = query.edns else { return 512 }
            return min(max(Int(edns.udpPayloadSize), 512), Int(advertisedPayloadSize))
        }
    }

    private static func headerOnly(id: UInt16, flags: UInt16, rcode: RCode) -> [UInt8] {
        var writer = MessageWriter(limit: 12, capacity: 12)
        writer.id = id
        writer.flags = flags
        writer.setRCode(rcode)
        return writer.bytes
    }
}
