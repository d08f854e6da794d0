import AnswerEngine
import DNSWire
import Testing

/// DNS-09 truncation: RRsets never split (RFC 2181 §9), TC only for required data, OPT always fits.
@Suite("Size and truncation (DNS-09)")
struct SizeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let transport: Transport
        let edns: EDNS?
        let truncated: Bool
        let answers: Int
        let maxSize: Int
        var testDescription: String { label }
    }

    @Test("Q22: 30 TXT values", arguments: [
        Case(label: "UDP without EDNS truncates, nothing partial", transport: .udp, edns: nil, truncated: true, answers: 0, maxSize: 512),
        Case(label: "UDP with EDNS 1232 truncates, OPT kept", transport: .udp, edns: EDNS(udpPayloadSize: 1232),
             truncated: true, answers: 0, maxSize: 1232),
        Case(label: "EDNS below 512 counts as 512", transport: .udp, edns: EDNS(udpPayloadSize: 100),
             truncated: true, answers: 0, maxSize: 512),
        Case(label: "UDP with EDNS 4096 fits", transport: .udp, edns: EDNS(udpPayloadSize: 4096), truncated: false,
             answers: 30, maxSize: 4096),
        Case(label: "TCP fits", transport: .tcp, edns: nil, truncated: false, answers: 30, maxSize: 65535),
    ])
    func bigTXT(_ row: Case) throws {
        let reply = try #require(Exchange.ask("big.example.com", .txt, edns: row.edns, transport: row.transport))
        #expect(reply.tc == row.truncated)
        #expect(reply.rcode == .noError && reply.aa)
        #expect(reply.answer.count == row.answers)
        #expect(reply.bytes.count <= row.maxSize)
        #expect((reply.message.edns != nil) == (row.edns != nil))
        if row.truncated {
            #expect(reply.authority.isEmpty && reply.additional.isEmpty)
        }
    }

    @Test("additional records that do not fit are left out without TC")
    func additionalOverflow() throws {
        let udp = try #require(Exchange.ask("manymx.example.com", .mx))
        #expect(!udp.tc)
        #expect(udp.answer.count == 12)
        #expect(udp.authority.count == 2)
        #expect(udp.additional.count > 0 && udp.additional.count < 14)
        #expect(udp.bytes.count <= 512)
        let tcp = try #require(Exchange.ask("manymx.example.com", .mx, transport: .tcp))
        #expect(!tcp.tc)
        #expect(tcp.additional.count == 14)  // 12 MX targets + ns1 A/AAAA
    }

    @Test("RFC 9471: in-domain glue that does not fit sets TC on a referral")
    func glueOverflow() throws {
        let udp = try #require(Exchange.ask("www.bigdeleg.example.com", .a))
        #expect(udp.tc && !udp.aa)
        #expect(udp.authority.count == 20)
        #expect(udp.bytes.count <= 512)
        let tcp = try #require(Exchange.ask("www.bigdeleg.example.com", .a, transport: .tcp))
        #expect(!tcp.tc && tcp.authority.count == 20 && tcp.additional.count == 20)
    }
}
