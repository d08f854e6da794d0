import HealthChecking
import TestSupport
import Testing

/// HTTPS checks against a real loopback TLS server with a self-signed certificate: certificates
/// are not validated (HC-01), SNI follows `serverName` with one retry without it (HC-03), and a
/// hostile TLS peer fails on time.
@Suite struct HTTPSProberTests {
    let prober = HTTPProber()

    static func https(_ target: FakeTLSTarget, serverName: String? = nil, searchString: String? = nil,
                      firstByteTimeout: Duration = .seconds(2)) -> ProbeTarget {
        ProberFixture.http(target.host, target.port, tls: true, searchString: searchString, serverName: serverName,
                           firstByteTimeout: firstByteTimeout)
    }

    @Test func selfSignedCertificatePasses() async throws {
        let target = try await FakeTLSTarget.started()
        let result = await prober.probe(Self.https(target, serverName: "lab53.test"))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
        #expect(result.connectTime != nil)
        #expect(result.tlsHandshakeTime != nil)
        #expect(result.timeToFirstByte != nil)
    }

    /// The certificate names lab53.test; any other name still passes, as nothing is validated.
    @Test func certificateNameIsNotChecked() async throws {
        let target = try await FakeTLSTarget.started()
        let result = await prober.probe(Self.https(target, serverName: "other.example.com"))
        await target.stop()
        #expect(result.success)
        #expect(target.serverNames == ["other.example.com"])
    }

    @Test(arguments: [
        ("lab53.test", "lab53.test"),
        ("lab53.test.", "lab53.test"),
        (nil, nil),
        ("127.0.0.1", nil),
    ] as [(String?, String?)])
    func sniFollowsServerName(serverName: String?, sent: String?) async throws {
        let target = try await FakeTLSTarget.started()
        let result = await prober.probe(Self.https(target, serverName: serverName))
        await target.stop()
        #expect(result.success)
        #expect(target.serverNames == [sent])
        #expect(target.lastRequest?.header("Host") == "127.0.0.1:\(target.port)")
    }

    @Test func rejectedSNIIsRetriedOnceWithout() async throws {
        let target = try await FakeTLSTarget.started(tlsMode: .rejectSNI)
        let result = await prober.probe(Self.https(target, serverName: "lab53.test"))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
        #expect(target.serverNames == ["lab53.test", nil])
        #expect(target.requestCount == 1)
    }

    @Test func handshakeFailureReportsTheAlert() async throws {
        let target = try await FakeTLSTarget.started(tlsMode: .requireSNI)
        let result = await prober.probe(Self.https(target))
        await target.stop()
        #expect(!result.success)
        #expect(result.status == "Failure: TLS handshake failed: SSL alert internal_error")
        // No SNI was sent, so there is nothing to retry.
        #expect(target.serverNames == [nil])
    }

    @Test func tlsGarbageFailsAtOnce() async throws {
        let target = try await FakeTLSTarget.started(tlsMode: .garbage)
        let probe = Self.https(target, serverName: "lab53.test", firstByteTimeout: .seconds(30))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status == "Failure: TLS handshake failed: WRONG_VERSION_NUMBER")
        #expect(elapsed < .seconds(30))
        // The handshake was rejected with SNI, so it was retried once without (HC-03).
        #expect(target.connectionCount == 2)
    }

    @Test func stalledHandshakeFailsAtTheDeadline() async throws {
        let target = try await FakeTLSTarget.started(tlsMode: .stall)
        let probe = Self.https(target, firstByteTimeout: .milliseconds(400))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status == ProberStatus.tlsHandshakeTimedOut)
        #expect(result.tlsHandshakeTime == nil)
        #expect(elapsed < ProberFixture.bound(probe))
    }

    /// HC-01: Route 53 requires TLS 1.0–1.2 of the endpoint, so a TLS 1.0-only server passes.
    @Test(arguments: [FakeTLSTarget.MaximumVersion.tls1_0, .tls1_2, .tls1_3])
    func everyTLSVersionFrom1_0Passes(version: FakeTLSTarget.MaximumVersion) async throws {
        let target = try await FakeTLSTarget.started(maximumVersion: version)
        let result = await prober.probe(Self.https(target))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
    }

    @Test func stringMatchOverTLS() async throws {
        let body = Array(String(repeating: "x", count: 3000).utf8) + Array("HEALTHY".utf8)
        let target = try await FakeTLSTarget.started(.init(body: body, chunkSize: 700))
        let found = await prober.probe(Self.https(target, searchString: "HEALTHY"))
        let missing = await prober.probe(Self.https(target, searchString: "SICK"))
        await target.stop()
        #expect(found.status == "Success: HTTP Status Code 200, OK")
        #expect(missing.status == "Failure: Search string \"SICK\" not found in the first 5120 bytes of the response body")
    }

    @Test func unhealthyStatusOverTLS() async throws {
        let target = try await FakeTLSTarget.started(.status(503, "Service Temporarily Unavailable"))
        let result = await prober.probe(Self.https(target))
        await target.stop()
        #expect(result.status == "Failure: HTTP Status Code 503, Service Temporarily Unavailable")
    }

    @Test func httpsOverIPv6() async throws {
        let target = try await FakeTLSTarget.started(host: "::1")
        let result = await prober.probe(Self.https(target, serverName: "lab53.test"))
        await target.stop()
        #expect(result.success)
    }

    @Test func stoppedTLSTargetIsRefused() async throws {
        let target = try await FakeTLSTarget.started()
        await target.stop()
        let result = await prober.probe(Self.https(target))
        #expect(result.status == ProberStatus.connectionRefused)
    }

    @Test func plainHTTPServerOnTheHTTPSPortFails() async throws {
        let target = try await FakeHTTPTarget.started()
        let result = await prober.probe(ProberFixture.http(target.host, target.port, tls: true))
        await target.stop()
        #expect(result.status == "Failure: TLS handshake failed: connection closed by the endpoint during the handshake")
    }
}
