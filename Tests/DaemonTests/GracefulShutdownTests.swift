import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport

/// SIGTERM stops lab53d gracefully (issue 5 item 2): listeners close first, every DNS TCP
/// connection is drained — a query that has begun to arrive is still answered — in-flight health
/// probes are cancelled cleanly, and the process exits 0.
@Suite("Graceful shutdown on SIGTERM")
struct GracefulShutdownTests {
    static let www = try! DomainName("www.demo.lab53.test.")

    /// Waits (bounded) for the process to exit; true when it did.
    static func waitForExit(_ daemon: DaemonProcess) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while daemon.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        guard !daemon.process.isRunning else { return false }
        daemon.stop()
        return true
    }

    /// Waits (bounded) until a new TCP connection to `address` is refused: the listener is closed.
    static func waitUntilRefused(_ address: DNSServerAddress) -> Bool {
        for _ in 0..<3000 {
            do {
                _ = try TCPConnection(server: address, timeout: .seconds(5))
            } catch {
                return true
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// IPv4 sockets on this host in SYN-SENT (state 02 in /proc/net/tcp) towards 127.0.0.1:`port`.
    static func pendingConnects(toPort port: Int) -> Int {
        // Read to EOF: /proc files report size 0, and String(contentsOfFile:) stops after one page.
        guard let file = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return 0 }
        defer { try? file.close() }
        let table = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        let remote = "0100007F:" + String(format: "%04X", port)
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[2] == remote && fields[3] == "02"
        }.count
    }

    /// The lines at error level or above, which a clean shutdown must not log. Waits (bounded) for
    /// the daemon's last line, `stopped`, to be read from the pipe first.
    static func errorLines(_ daemon: DaemonProcess) -> [Substring] {
        #expect(ReloadTests.waitForLog(daemon, "[lab53d] stopped"), "no `stopped` line: \(daemon.stderrText)")
        return daemon.stderrText.split(separator: "\n").filter { line in
            [" error ", " critical ", "Cannot schedule", "Fatal error"].contains { line.contains($0) }
        }
    }

    /// Three TCP connections at SIGTERM: one idle after a query, one that never sent anything, and
    /// one holding half a query. The first two are closed once the listener is gone; the third
    /// stays open until the rest of its query arrives, is answered, and only then closed.
    /// `--tcp-idle-timeout 120` bounds the drain far beyond anything this test waits for, so
    /// nothing here depends on timing.
    @Test func tcpConnectionsAreDrained() throws {
        let notify = try NotifySocket()
        let daemon = try DaemonProcess(arguments: ["--config", DaemonFixture.exampleConfigPath, "--dns-listen", "127.0.0.1:0",
                                                   "--api-listen", "127.0.0.1:0", "--log-level", "notice", "--time-scale", "100",
                                                   "--tcp-idle-timeout", "120"],
                                       environment: notify.environment)
        #expect(notify.receive()?["READY"] == "1")
        let address = DaemonFixture.address(daemon)
        let answered = try TCPConnection(server: address, timeout: .seconds(30))
        #expect(try answered.query(name: Self.www, type: .a, id: 1).answers.count == 2)
        let silent = try TCPConnection(server: address, timeout: .seconds(30))
        let query = Message.queryBytes(id: 0x5353, name: Self.www, type: .a)
        let frame = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
        let halfway = frame.count / 2
        let inFlight = try TCPConnection(server: address, timeout: .seconds(30))
        try inFlight.sendUnframed(Array(frame[..<halfway]))

        daemon.sendSignal(SIGTERM)
        #expect(notify.receive()?["STOPPING"] == "1")
        #expect(Self.waitUntilRefused(address), "the TCP listener is still accepting after SIGTERM")
        #expect(try answered.waitForServerClose(timeout: .seconds(30)), "an idle connection was not closed")
        #expect(try silent.waitForServerClose(timeout: .seconds(30)), "a silent connection was not closed")
        #expect(daemon.process.isRunning, "lab53d exited with a query half received")

        try inFlight.sendUnframed(Array(frame[halfway...]))
        let reply = try #require(try inFlight.receive(), "the half-received query got no answer")
        let message = try Message(bytes: reply)
        #expect(message.id == 0x5353 && message.answers.count == 2)
        #expect(try inFlight.waitForServerClose(timeout: .seconds(30)), "the drained connection was not closed")

        #expect(Self.waitForExit(daemon), "lab53d did not exit after draining")
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.stderrText)")
        #expect(Self.errorLines(daemon).isEmpty, "\(Self.errorLines(daemon))")
    }

    /// Pipelined queries: the complete ones are answered, in order, before the partial last one is
    /// finished and answered, then the connection closes.
    @Test func pipelinedQueriesAreAnsweredBeforeClose() throws {
        let daemon = try DaemonFixture.startExample(extra: ["--tcp-idle-timeout", "120"])
        let address = DaemonFixture.address(daemon)
        let connection = try TCPConnection(server: address, timeout: .seconds(30))
        let frames = (1...3).map { index in
            let query = Message.queryBytes(id: UInt16(index), name: Self.www, type: .a)
            return [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
        }
        let stream = frames.joined().map { $0 }
        let cut = stream.count - 5
        try connection.sendUnframed(Array(stream[..<cut]))
        daemon.sendSignal(SIGTERM)
        #expect(Self.waitUntilRefused(address))
        try connection.sendUnframed(Array(stream[cut...]))
        let ids = try (1...3).map { _ in try Message(bytes: try #require(try connection.receive())).id }
        #expect(ids == [1, 2, 3])
        #expect(try connection.waitForServerClose(timeout: .seconds(30)))
        #expect(Self.waitForExit(daemon))
        #expect(daemon.process.terminationStatus == 0, "\(daemon.stderrText)")
    }

    /// Probes in flight at SIGTERM — an HTTP check whose target reads the request and never
    /// answers, and a TCP check whose connect hangs — are cancelled: the process exits 0 and logs
    /// no error (no probe touching an event loop that has shut down). `--time-scale 50` stretches
    /// the probes' own deadlines (first byte 100 s, TCP connect 500 s) beyond the test's bound on
    /// the exit, so a daemon that waited for them instead of cancelling them fails.
    @Test func probesInFlightAreCancelledCleanly() async throws {
        let silent = try await FakeHTTPTarget.started(FakeHTTPTarget.Behaviour(mode: .silent))
        let blackHole = try FakeBlackHoleTarget()
        defer { blackHole.close() }
        let yaml = """
            HostedZones:
              - Name: stop.lab53.test.
                ResourceRecordSets:
                  - {Name: www.stop.lab53.test., Type: A, TTL: 60, HealthCheckId: silent, SetIdentifier: a, MultiValueAnswer: true, ResourceRecords: [{Value: 192.0.2.1}]}
            HealthChecks:
              - {Id: silent, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(silent.port), RequestInterval: 0.1, FailureThreshold: 3}}
              - {Id: hang, HealthCheckConfig: {Type: TCP, IPAddress: \(blackHole.host), Port: \(blackHole.port), RequestInterval: 0.1, FailureThreshold: 3}}
            """
        // The target's own filler socket sits in SYN-SENT too; count the daemon's on top of it.
        let fillers = Self.pendingConnects(toPort: blackHole.port)
        let daemon = try DaemonFixture.start(configYAML: yaml, extra: ["--log-level", "notice", "--time-scale", "50"])
        // A silent target answers no request, so each one it has seen is a probe still waiting; a
        // connect to the black hole stays in SYN-SENT until its timeout.
        let deadline = Date().addingTimeInterval(30)
        while (silent.requestCount < 1 || Self.pendingConnects(toPort: blackHole.port) <= fillers) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(silent.requestCount >= 1, "no probe reached the silent target")
        #expect(Self.pendingConnects(toPort: blackHole.port) > fillers, "no probe is connecting to the black hole")
        daemon.sendSignal(SIGTERM)
        #expect(Self.waitForExit(daemon), "lab53d did not exit with probes in flight")
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.stderrText)")
        #expect(ReloadTests.waitForLog(daemon, "shutting down"))
        #expect(Self.errorLines(daemon).isEmpty, "\(Self.errorLines(daemon))")
        await silent.stop()
    }
}
