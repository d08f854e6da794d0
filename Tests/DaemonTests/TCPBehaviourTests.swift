import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport
import ZoneText

/// DNS over TCP as RFC 7766 describes it, against the real daemon: several queries per
/// connection, pipelining, idle timeout, frames split across writes, and TCP as the complete
/// answer when UDP truncates (DNS-09).
@Suite("DNS over TCP")
struct TCPBehaviourTests {
    /// Names and types of the example zone, with the exact records each must answer.
    static let questions: [(name: String, type: RRType, answers: Set<String>)] = [
        ("www.demo.lab53.test.", .a, ["www.demo.lab53.test.\t60\tIN\tA\t192.0.2.10", "www.demo.lab53.test.\t60\tIN\tA\t192.0.2.11"]),
        ("www.demo.lab53.test.", .aaaa, ["www.demo.lab53.test.\t60\tIN\tAAAA\t2001:db8::10"]),
        ("demo.lab53.test.", .mx, ["demo.lab53.test.\t300\tIN\tMX\t10 mail.demo.lab53.test."]),
        ("mail.demo.lab53.test.", .a, ["mail.demo.lab53.test.\t300\tIN\tA\t192.0.2.25"]),
        ("_sip._tcp.demo.lab53.test.", .srv, ["_sip._tcp.demo.lab53.test.\t300\tIN\tSRV\t10 60 5060 sip.demo.lab53.test."]),
        ("docs.demo.lab53.test.", .cname, ["docs.demo.lab53.test.\t300\tIN\tCNAME\twww.demo.lab53.test."]),
        ("x.wild.demo.lab53.test.", .a, ["x.wild.demo.lab53.test.\t60\tIN\tA\t192.0.2.99"]),
        ("nope.demo.lab53.test.", .a, []),
    ]

    /// RFC 7766 §6.2.1.1: 20 queries written back to back on one connection, each answered, in
    /// order, with its own ID and question.
    @Test func pipelinedQueriesOnOneConnection() throws {
        let daemon = try DaemonFixture.startExample()
        let connection = try TCPConnection(server: DaemonFixture.address(daemon), timeout: .seconds(10))
        let plan = (0..<20).map { index in (id: UInt16(0x1000 + index * 7), question: Self.questions[index % Self.questions.count]) }
        let queries = try plan.map { entry in
            Message.queryBytes(id: entry.id, name: try DomainName(entry.question.name), type: entry.question.type)
        }
        let responses = try connection.pipeline(queries).map { try Message(bytes: $0) }
        #expect(responses.count == 20)
        for (entry, response) in zip(plan, responses) {
            #expect(response.id == entry.id, "responses out of order: got ID \(response.id), expected \(entry.id)")
            #expect(response.questions.first?.name == (try DomainName(entry.question.name)))
            #expect(response.questions.first?.type == entry.question.type)
            #expect(Set(response.answers.map(RecordText.format)) == entry.question.answers, "\(entry.question.name) \(entry.question.type)")
        }
        // The connection is still usable afterwards.
        let again = try connection.query(name: try DomainName("mail.demo.lab53.test."), type: .a, id: 77)
        #expect(again.answers.map(RecordText.format) == ["mail.demo.lab53.test.\t300\tIN\tA\t192.0.2.25"])
    }

    /// RFC 7766 §6.2.3: with `--tcp-idle-timeout 0.5`, a connection that never sends is closed by the
    /// server, and so is one that went quiet after a query. The 10 s bound only keeps the wait finite.
    @Test(arguments: [false, true])
    func idleConnectionIsClosed(afterQuery: Bool) throws {
        let daemon = try DaemonFixture.startExample(extra: ["--tcp-idle-timeout", "0.5"])
        let connection = try TCPConnection(server: DaemonFixture.address(daemon), timeout: .seconds(10))
        if afterQuery {
            let answer = try connection.query(name: try DomainName("www.demo.lab53.test."), type: .a)
            #expect(answer.answers.count == 2)
        }
        #expect(try connection.waitForServerClose(timeout: .seconds(10)))
        #expect(connection.isClosedByServer)
        // The daemon itself keeps serving new connections.
        let fresh = try DaemonFixture.client(daemon).query(name: try DomainName("www.demo.lab53.test."), type: .a, over: .tcp)
        #expect(fresh.answers.count == 2)
    }

    /// RFC 7766 §8: a message may arrive in pieces; the server reassembles it. Split inside the
    /// length prefix, right after it, and inside the question.
    @Test(arguments: [1, 2, 9, 20])
    func querySplitAcrossWrites(at split: Int) throws {
        let daemon = try DaemonFixture.startExample()
        let connection = try TCPConnection(server: DaemonFixture.address(daemon), timeout: .seconds(10))
        let query = Message.queryBytes(id: 0x4242, name: try DomainName("www.demo.lab53.test."), type: .a)
        let frame = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
        try connection.sendUnframed(Array(frame[..<split]))
        // A pause so the two parts reach the server as separate reads (no timing is asserted).
        Thread.sleep(forTimeInterval: 0.2)
        try connection.sendUnframed(Array(frame[split...]))
        let reply = try Message(bytes: try #require(try connection.receive()))
        #expect(reply.id == 0x4242)
        #expect(Set(reply.answers.map(RecordText.format)) == Self.questions[0].answers)
    }

    /// DNS-09, Q22: the UDP answer without EDNS is truncated (TC=1); the same query over TCP is
    /// complete, and whatever UDP did carry is part of it.
    @Test(arguments: [("big.edge.lab53.test.", RRType.txt, 30), ("many.edge.lab53.test.", RRType.a, 40)])
    func truncatedUDPAnswerIsCompleteOverTCP(name: String, type: RRType, count: Int) throws {
        let daemon = try DaemonFixture.start(configYAML: DaemonFixture.edgeZoneYAML)
        let client = try DaemonFixture.client(daemon)
        let owner = try DomainName(name)
        let udp = try client.query(name: owner, type: type, over: .udp)
        #expect(udp.truncated)
        let tcp = try client.query(name: owner, type: type, over: .tcp)
        #expect(!tcp.truncated)
        #expect(tcp.headerRCode == .noError && tcp.authoritativeAnswer)
        let complete = Set(tcp.answers)
        #expect(complete.count == count && tcp.answers.count == count)
        #expect(complete.allSatisfy { $0.name == owner && $0.type == type && $0.ttl == 60 })
        #expect(Set(udp.answers).isSubset(of: complete))
        // With a large EDNS buffer UDP carries the same complete set (DNS-09: up to 4096 bytes).
        let large = try client.query(name: owner, type: type, over: .udp, edns: EDNS(udpPayloadSize: 4096))
        #expect(!large.truncated)
        #expect(Set(large.answers) == complete)
        if type == .txt {
            let expected = Set((1...30).map { "big.edge.lab53.test.\t60\tIN\tTXT\t\"txt value number \($0) padding padding padding\"" })
            #expect(Set(tcp.answers.map(RecordText.format)) == expected)
        }
    }

    /// Queries that arrive in the same segment as a framing error (a zero-length frame, RFC 7766
    /// §8) were valid: their answers must still be delivered before the server closes, as they
    /// are when the client closes instead (EOF after the same queries is handled correctly).
    @Test func answersBeforeAFramingErrorAreDelivered() throws {
        let daemon = try DaemonFixture.startExample()
        let connection = try TCPConnection(server: DaemonFixture.address(daemon), timeout: .seconds(10))
        let first = Message.queryBytes(id: 1, name: try DomainName("www.demo.lab53.test."), type: .a)
        let second = Message.queryBytes(id: 2, name: try DomainName("mail.demo.lab53.test."), type: .a)
        let frames = [first, second].flatMap { [UInt8($0.count >> 8), UInt8($0.count & 0xFF)] + $0 }
        try connection.sendUnframed(frames + [0, 0])
        var ids: [UInt16] = []
        while let bytes = try connection.receive() {
            ids.append(try Message(bytes: bytes).id)
        }
        #expect(ids == [1, 2], "answers to the valid queries before the zero-length frame were dropped")
        #expect(connection.isClosedByServer)
    }
}
