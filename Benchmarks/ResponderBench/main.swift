import AnswerEngine
import DNSWire
import Route53Model

// Instructions per query of the responder path the DNS listeners run, for callgrind
// (Benchmarks/responder-callgrind.sh): N identical A queries answered from one snapshot in one
// thread. Modes: plain (respond), outcome (respond + per-zone counters), log (outcome + the
// query-log ring append). `NEW` is defined when the revision has the issue-5 entry points.

/// Keeps the optimiser from dropping the replies.
@inline(never) func blackHole(_ value: [UInt8]?) { if value?.count == 7 { print("?") } }

let count = Int(CommandLine.arguments[1]) ?? 1000
let mode = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "plain"
let apex = try DomainName("bench.test.")
var zone = try HostedZoneFactory.makeZone(name: apex, callerReference: "bench", seed: 1)
zone.recordSets.append(ResourceRecordSet(name: try DomainName("www.bench.test."), type: .a, ttl: 60,
                                         records: [RecordValue(text: "192.0.2.1", rdata: [192, 0, 2, 1])]))
let state = ServingState(snapshot: SnapshotCompiler.compile(zones: [zone], generation: 1))
let query = Message.queryBytes(id: 1, name: try DomainName("www.bench.test."), type: .a)
let client = ClientAddress(ipv4: 0x7F00_0001)
run(query, mode)

@inline(never) func run(_ query: [UInt8], _ mode: String) {
    query.withUnsafeBytes { packet in
        switch mode {
        case "plain":
            for _ in 0..<count { blackHole(Responder.respond(to: packet, transport: .udp, client: client, state: state)) }
        #if NEW
        case "outcome":
            for _ in 0..<count {
                var outcome = QueryOutcome()
                let reply = Responder.respond(to: packet, transport: .udp, client: client, state: state, outcome: &outcome)
                state.snapshot.count(outcome, transport: .udp)
                blackHole(reply)
            }
        case "log":
            let ring = QueryLogRing(capacity: count + 1)
            for _ in 0..<count {
                var outcome = QueryOutcome()
                let reply = Responder.respond(to: packet, transport: .udp, client: client, state: state, outcome: &outcome)
                state.snapshot.count(outcome, transport: .udp)
                if outcome.kind == .query {
                    ring.append(outcome, transport: .udp, client: client, zoneID: state.snapshot.zoneID(at: outcome.zone))
                }
                blackHole(reply)
            }
        #endif
        default:
            fatalError("mode \(mode)")
        }
    }
}
