import DNSWire

extension Responder {
    /// The DNS listeners' entry: `respond(to:transport:client:state:)` that also reports what it
    /// decided in `outcome` (zone, QTYPE, RCODE, TC), so the server can count and log the query
    /// without parsing the packet or the reply again (issue 5 items 3 and 4). Same rules, same
    /// bytes: only the listeners call it, so answers the lab API computes are not counted.
    public static func respond(to packet: UnsafeRawBufferPointer, transport: Transport, client: ClientAddress?,
                               state: ServingState, outcome: inout QueryOutcome) -> [UInt8]? {
        var generator = SplitMix64.forQuery()
        let parsed = QueryParser.parse(packet)
        switch parsed {
        case .drop:
            outcome.kind = .dropped
            return nil
        case .formatError:
            outcome.kind = .malformed
            outcome.rcode = .formErr
            return respond(to: parsed, transport: transport, client: client, snapshot: state.snapshot, health: state.health,
                           using: &generator)
        case .notImplemented:
            outcome.kind = .notImplemented
            outcome.rcode = .notImp
            return respond(to: parsed, transport: transport, client: client, snapshot: state.snapshot, health: state.health,
                           using: &generator)
        case .query(let query):
            var writer = AnswerWriter(snapshot: state.snapshot, health: state.health, query: query, transport: transport,
                                      client: client, generator: generator)
            writer.respond()
            let reply = writer.finish()
            state.noteAnswer()
            outcome.kind = .query
            outcome.zone = writer.attributedZone
            outcome.type = query.type
            outcome.rcode = writer.rcode
            outcome.truncated = writer.builder.truncated
            outcome.name = query.name
            outcome.clientSubnet = query.edns?.clientSubnet
            outcome.shuffled = writer.builder.shuffled
            outcome.cacheable = !writer.consultedChance && !writer.consultedClient && !writer.builder.shuffled.overflowed
            return reply
        }
    }
}
