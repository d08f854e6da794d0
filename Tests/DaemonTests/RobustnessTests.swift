import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport
import ZoneText

/// The daemon under a seeded storm of malformed packets over UDP and malformed frames over TCP
/// (RFC 1035 §4.1, RFC 7766 §8): it must neither crash nor hang, every reply it does send must be
/// a well-formed response to something that was sent, and real queries must still get exact answers.
/// Runs are bounded by packet counts, never by wall-clock assertions.
@Suite("Robustness against malformed traffic")
struct RobustnessTests {
    static let udpPacketCount = 100_000
    static let tcpConnectionCount = 250
    /// The low ID byte of every datagram with QR=0, and of every one with QR=1. Few distinct IDs
    /// make "the reply carries an ID we sent" a sharp check, and a reply tagged `responseTag`
    /// means the daemon answered a response, which it must drop (loop prevention).
    static let queryTag: UInt8 = 0x53
    static let responseTag: UInt8 = 0x35
    /// Per connection: this many well-framed garbage frames, then one broken frame = 2,000 frames.
    static let garbageFramesPerConnection = 7

    /// What the UDP storm produced.
    struct UDPTally {
        var sent = 0
        var unsent = 0
        var replies = 0
        var badReplies: [String] = []
        var sentIDs = Set<UInt16>()

        /// A reply must decode, be a response (QR=1) and carry the ID of a packet we sent.
        mutating func check(_ reply: [UInt8]) {
            replies += 1
            guard badReplies.count < 5 else { return }
            do {
                let message = try Message(bytes: reply)
                if !message.isResponse {
                    badReplies.append("QR=0 in reply \(PacketMutator.hex(reply))")
                } else if message.id & 0xFF == UInt16(RobustnessTests.responseTag) {
                    badReplies.append("reply to a datagram with QR=1: \(PacketMutator.hex(reply))")
                } else if !sentIDs.contains(message.id) {
                    badReplies.append("ID \(message.id) was never sent: \(PacketMutator.hex(reply))")
                }
            } catch {
                badReplies.append("undecodable reply (\(error)): \(PacketMutator.hex(reply))")
            }
        }
    }

    @Test func survivesMalformedUDP() throws {
        let daemon = try DaemonFixture.startExample()
        let listener = try #require(daemon.listener("udp"))
        let socket = try FuzzSocket(host: listener.host, port: listener.port)
        let mutator = try PacketMutator()
        var rng = SplitMix64(seed: 0x1AB5_3D00_F022)
        var tally = UDPTally()
        for _ in 0..<Self.udpPacketCount {
            var packet = mutator.mutate(&rng)
            if packet.count >= 2 {
                packet[1] = packet.count >= 3 && packet[2] & 0x80 != 0 ? Self.responseTag : Self.queryTag
                tally.sentIDs.insert(UInt16(packet[0]) << 8 | UInt16(packet[1]))
            }
            let sent = socket.send(packet) {
                for reply in socket.receiveAvailable() { tally.check(reply) }
            }
            if sent { tally.sent += 1 } else { tally.unsent += 1 }
            for reply in socket.receiveAvailable() { tally.check(reply) }
        }
        // Late replies: drain until the daemon has been quiet for a while (bounded by count).
        var drained = 0
        while drained < Self.udpPacketCount, let reply = socket.receive(waitMilliseconds: 1000) {
            tally.check(reply)
            drained += 1
        }
        #expect(tally.sent >= Self.udpPacketCount * 99 / 100, "only \(tally.sent) of \(Self.udpPacketCount) datagrams could be sent")
        #expect(tally.badReplies.isEmpty, "\(tally.badReplies.joined(separator: "\n"))")
        // Mutated headers and bit flips leave many queries answerable (FORMERR, REFUSED, answers).
        #expect(tally.replies > 0 && tally.replies <= tally.sent, "\(tally.replies) replies to \(tally.sent) datagrams")
        #expect(daemon.process.isRunning, "lab53d died:\n\(daemon.stderrText)")
        try Self.expectStillServing(daemon)
    }

    @Test func survivesMalformedTCPFrames() throws {
        let daemon = try DaemonFixture.startExample()
        let address = DaemonFixture.address(daemon)
        let mutator = try PacketMutator()
        var rng = SplitMix64(seed: 0x7C9_F4A3E)
        var frames = 0
        var garbageReplies = 0
        for index in 0..<Self.tcpConnectionCount {
            let connection = try TCPConnection(server: address, timeout: .seconds(10))
            for step in 0..<Self.garbageFramesPerConnection {
                var frame = mutator.mutate(&rng)
                if frame.isEmpty { frame = [0] }   // a zero length is the final frame's job
                frames += 1
                garbageReplies += try Self.exchange(frame, then: "s\(index)-\(step)", on: connection)
            }
            frames += 1
            switch index % 3 {
            case 0:
                // RFC 7766 §8: a zero-length frame is a framing error; the server closes.
                try connection.sendUnframed([0, 0])
                #expect(try connection.waitForServerClose(timeout: .seconds(10)), "connection \(index) left open after a zero-length frame")
            case 1:
                // Announces 256 bytes, sends 20, then the client goes away.
                try connection.sendUnframed([0x01, 0x00] + rng.bytes(20))
            default:
                // Raw bytes with no framing at all.
                try connection.sendUnframed(rng.bytes(1 + rng.below(300)))
            }
        }
        #expect(frames == Self.tcpConnectionCount * (Self.garbageFramesPerConnection + 1))
        #expect(frames >= 2000)
        #expect(daemon.process.isRunning, "lab53d died:\n\(daemon.stderrText)")
        #expect(garbageReplies > 0, "no garbage frame was answered at all")
        try Self.expectStillServing(daemon)
    }

    /// Sends a garbage frame and a real query after it and reads until its answer: TCP answers come in
    /// order (RFC 7766 §7 allows reordering; lab53d answers in order), so whatever arrives first
    /// answers the garbage and must be a well-formed response with the garbage frame's ID.
    /// Returns how many replies belonged to the garbage frame.
    static func exchange(_ frame: [UInt8], then label: String, on connection: TCPConnection) throws -> Int {
        let name = try DomainName("\(label).sentinel.demo.lab53.test.")
        let sentinel = Message.queryBytes(id: 0x5E57, name: name, type: .a)
        // One write for both frames, so Nagle's algorithm never holds the second one back.
        try connection.sendUnframed(framed(frame) + framed(sentinel))
        var garbage = 0
        for _ in 0..<3 {
            let bytes = try #require(try connection.receive(), "server closed the connection after garbage \(PacketMutator.hex(frame))")
            let reply = try Message(bytes: bytes)
            #expect(reply.isResponse)
            if reply.questions.first?.name == name {
                #expect(reply.id == 0x5E57 && reply.headerRCode == .nxDomain)
                return garbage
            }
            garbage += 1
            #expect(frame.count >= 2 && reply.id == UInt16(frame[0]) << 8 | UInt16(frame[1]),
                    "reply ID \(reply.id) does not match garbage frame \(PacketMutator.hex(frame))")
        }
        Issue.record("no answer to the sentinel query after garbage \(PacketMutator.hex(frame))")
        return garbage
    }

    /// `bytes` with the two-byte length prefix of RFC 1035 §4.2.2.
    static func framed(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
    }

    /// Exact answers over UDP and TCP after the storm.
    static func expectStillServing(_ daemon: DaemonProcess) throws {
        let client = try DaemonFixture.client(daemon)
        for transport in [DNSTransport.udp, .tcp] {
            let www = try client.query(name: try DomainName("www.demo.lab53.test."), type: .a, over: transport)
            #expect(www.headerRCode == .noError && www.authoritativeAnswer)
            #expect(Set(www.answers.map(RecordText.format)) == ["www.demo.lab53.test.\t60\tIN\tA\t192.0.2.10",
                                                               "www.demo.lab53.test.\t60\tIN\tA\t192.0.2.11"])
            let mx = try client.query(name: try DomainName("demo.lab53.test."), type: .mx, over: transport)
            #expect(mx.answers.map(RecordText.format) == ["demo.lab53.test.\t300\tIN\tMX\t10 mail.demo.lab53.test."])
            let missing = try client.query(name: try DomainName("nope.demo.lab53.test."), type: .a, over: transport)
            #expect(missing.headerRCode == .nxDomain && missing.answers.isEmpty)
            #expect(missing.authority.map(\.type) == [.soa] && missing.authority.first?.ttl == 900)
        }
    }
}
