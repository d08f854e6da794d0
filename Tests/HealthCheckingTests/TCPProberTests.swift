import HealthChecking
import TestSupport
import Testing

/// TCP checks (HC-01): healthy when the connection is established within the connect timeout.
@Suite struct TCPProberTests {
    let prober = TCPProber()

    @Test(arguments: [FakeTCPTarget.Mode.hold, .closeImmediately])
    func establishedConnectionIsHealthy(mode: FakeTCPTarget.Mode) async throws {
        let target = try await FakeTCPTarget.started(mode)
        let result = await prober.probe(ProberFixture.tcp(target.host, target.port))
        await target.stop()
        #expect(result.success)
        #expect(result.status == "Success: TCP connection established")
        #expect(result.connectTime != nil)
        #expect(result.timeToFirstByte == nil && result.tlsHandshakeTime == nil)
    }

    @Test func resolvedIPIsAppended() async throws {
        let target = try await FakeTCPTarget.started()
        let result = await prober.probe(ProberFixture.tcp(target.host, target.port, resolvedFrom: "db.example.com"))
        await target.stop()
        #expect(result.status == "Success: TCP connection established. Resolved IP: 127.0.0.1")
    }

    @Test func stoppedTargetIsRefusedAndRestartRestoresIt() async throws {
        let target = try await FakeTCPTarget.started()
        await target.stop()
        let killed = await prober.probe(ProberFixture.tcp(target.host, target.port))
        try await target.restart()
        let restored = await prober.probe(ProberFixture.tcp(target.host, target.port))
        await target.stop()
        #expect(killed.status == "Failure: Connection refused")
        #expect(!killed.success)
        #expect(restored.success)
    }

    @Test(arguments: ["127.0.0.1", "::1"])
    func blackHoledTargetTimesOut(host: String) async throws {
        let blackHole = try FakeBlackHoleTarget(host: host)
        defer { blackHole.close() }
        let probe = ProberFixture.tcp(host, blackHole.port, connectTimeout: .milliseconds(500))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        #expect(result.status == ProberStatus.connectionTimedOut)
        #expect(result.status.hasPrefix("Failure: Connection timed out. The endpoint or the internet connection is down"))
        #expect(elapsed < ProberFixture.bound(probe))
    }

    @Test func httpProberTimesOutOnABlackHoleToo() async throws {
        let blackHole = try FakeBlackHoleTarget()
        defer { blackHole.close() }
        let probe = ProberFixture.http("127.0.0.1", blackHole.port, connectTimeout: .milliseconds(500))
        let result = await HTTPProber().probe(probe)
        #expect(result.status == ProberStatus.connectionTimedOut)
        #expect(result.connectTime == nil)
    }

    @Test func ipv6Target() async throws {
        let target = try await FakeTCPTarget.started(host: "::1")
        let result = await prober.probe(ProberFixture.tcp("::1", target.port))
        await target.stop()
        #expect(result.success)
    }

    @Test func httpProberDelegatesTCPTargets() async throws {
        let target = try await FakeTCPTarget.started()
        let result = await HTTPProber().probe(ProberFixture.tcp(target.host, target.port))
        await target.stop()
        #expect(result.status == "Success: TCP connection established")
    }

    @Test func invalidAddressFails() async {
        let result = await prober.probe(ProberFixture.tcp("db.example.com", 5432))
        #expect(result.status == "Failure: Invalid IP address \"db.example.com\"")
    }
}
