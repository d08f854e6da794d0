import HealthChecking
import TestSupport
import Testing

/// Builds probe targets for the fake endpoints, and times probes.
///
/// The default deadlines are far longer than Route 53's (4/2/2 s): a test that expects anything
/// but a timeout must not see one because the machine is loaded (seen under six busy loops: a
/// target's close, or its cut-off head, arrived after 2 s and the probe reported "timed out").
/// Tests of the deadlines pass their own, short ones.
enum ProberFixture {
    static func http(_ host: String, _ port: Int, tls: Bool = false, searchString: String? = nil, path: String = "/",
                     hostHeader: String? = nil, serverName: String? = nil, resolvedFrom: String? = nil,
                     connectTimeout: Duration = .seconds(30), firstByteTimeout: Duration = .seconds(30),
                     bodyTimeout: Duration = .seconds(30)) -> ProbeTarget {
        ProbeTarget(kind: .http(tls: tls, searchString: searchString), address: host, port: port, path: path,
                    hostHeader: hostHeader ?? HTTPProber.hostHeader(fullyQualifiedDomainName: nil, ipAddress: host, port: port, tls: tls),
                    serverName: serverName, resolvedFrom: resolvedFrom, connectTimeout: connectTimeout,
                    firstByteTimeout: firstByteTimeout, bodyTimeout: bodyTimeout)
    }

    static func http(_ target: FakeHTTPTarget, searchString: String? = nil, firstByteTimeout: Duration = .seconds(30),
                     bodyTimeout: Duration = .seconds(30)) -> ProbeTarget {
        http(target.host, target.port, searchString: searchString, firstByteTimeout: firstByteTimeout, bodyTimeout: bodyTimeout)
    }

    static func tcp(_ host: String, _ port: Int, resolvedFrom: String? = nil, connectTimeout: Duration = .seconds(10)) -> ProbeTarget {
        ProbeTarget(kind: .tcp, address: host, port: port, hostHeader: "", resolvedFrom: resolvedFrom, connectTimeout: connectTimeout)
    }

    /// Probes once and returns the result with how long the probe took.
    static func timed(_ prober: some Prober, _ target: ProbeTarget) async -> (result: ProbeResult, elapsed: Duration) {
        let start = ContinuousClock.now
        let result = await prober.probe(target)
        return (result, ContinuousClock.now - start)
    }

    /// A hang detector, not a timing assertion: a probe that ignored its deadlines would wait for
    /// the kernel's SYN retries (~2 min) or forever on a slow loris. The 60 s margin keeps it
    /// meaningful on a machine loaded by parallel builds (seen: 22 s for a 0.5 s deadline).
    static func bound(_ target: ProbeTarget) -> Duration {
        target.connectTimeout + target.firstByteTimeout + target.bodyTimeout + .seconds(60)
    }
}

/// HTTP checks against real loopback servers: the success rule and status strings (HC-01, HC-13),
/// the request Route 53 sends (HC-03), and every way a response can be wrong.
@Suite struct HTTPProberTests {
    let prober = HTTPProber()

    struct StatusCase: Sendable, CustomTestStringConvertible {
        let code: Int
        let reason: String
        let expected: String
        var testDescription: String { "\(code) \(reason)" }
    }

    @Test(arguments: [
        StatusCase(code: 200, reason: "OK", expected: "Success: HTTP Status Code 200, OK"),
        StatusCase(code: 204, reason: "No Content", expected: "Success: HTTP Status Code 204, No Content"),
        StatusCase(code: 301, reason: "Moved Permanently", expected: "Success: HTTP Status Code 301, Moved Permanently"),
        StatusCase(code: 302, reason: "Found", expected: "Success: HTTP Status Code 302, Found"),
        StatusCase(code: 399, reason: "Odd", expected: "Success: HTTP Status Code 399, Odd"),
        StatusCase(code: 400, reason: "Bad Request", expected: "Failure: HTTP Status Code 400, Bad Request"),
        StatusCase(code: 404, reason: "Not Found", expected: "Failure: HTTP Status Code 404, Not Found"),
        StatusCase(code: 503, reason: "Service Temporarily Unavailable",
                   expected: "Failure: HTTP Status Code 503, Service Temporarily Unavailable"),
        StatusCase(code: 200, reason: "All Good Here", expected: "Success: HTTP Status Code 200, All Good Here"),
        StatusCase(code: 500, reason: "Internal Server Error", expected: "Failure: HTTP Status Code 500, Internal Server Error"),
    ])
    func statusCodeDecidesHealth(_ row: StatusCase) async throws {
        let target = try await FakeHTTPTarget.started(.status(row.code, row.reason, body: "body"))
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        #expect(result.status == row.expected)
        #expect(result.success == row.expected.hasPrefix("Success:"))
        #expect(result.connectTime != nil)
        #expect(result.timeToFirstByte != nil)
        #expect(result.tlsHandshakeTime == nil)
    }

    @Test func requestCarriesRoute53Headers() async throws {
        let target = try await FakeHTTPTarget.started()
        let hostHeader = HTTPProber.hostHeader(fullyQualifiedDomainName: "www.example.com", ipAddress: nil, port: target.port, tls: false)
        let result = await prober.probe(ProberFixture.http(target.host, target.port, path: "/health?deep=1", hostHeader: hostHeader))
        await target.stop()
        #expect(result.success)
        let request = try #require(target.lastRequest)
        #expect(request.method == "GET")
        #expect(request.uri == "/health?deep=1")
        #expect(request.header("Host") == "www.example.com:\(target.port)")
        let userAgent = try #require(request.header("User-Agent"))
        #expect(userAgent.hasPrefix("Amazon-Route53-Health-Check-Service (ref "))
        #expect(userAgent.hasSuffix("; report http://amzn.to/1vsZADi)"))
        #expect(request.header("Connection") == "close")
        #expect(target.requestCount == 1)
    }

    @Test func eachProbeSendsAFreshReference() async throws {
        let target = try await FakeHTTPTarget.started()
        _ = await prober.probe(ProberFixture.http(target))
        let first = target.lastRequest?.header("User-Agent")
        _ = await prober.probe(ProberFixture.http(target))
        let second = target.lastRequest?.header("User-Agent")
        await target.stop()
        #expect(first != nil && second != nil && first != second)
    }

    @Test func resolvedIPIsAppendedForFQDNTargets() async throws {
        let target = try await FakeHTTPTarget.started(.status(503, "Service Temporarily Unavailable"))
        let probe = ProberFixture.http(target.host, target.port, hostHeader: "app.example.com:\(target.port)", resolvedFrom: "app.example.com")
        let failing = await prober.probe(probe)
        target.behaviour = .status(200, "OK")
        let passing = await prober.probe(probe)
        await target.stop()
        #expect(failing.status == "Failure: HTTP Status Code 503, Service Temporarily Unavailable. Resolved IP: 127.0.0.1")
        #expect(passing.status == "Success: HTTP Status Code 200, OK. Resolved IP: 127.0.0.1")
    }

    /// Kill/restore: a stopped target refuses, the same port serves again after `restart()`.
    @Test func stoppedTargetIsRefusedAndRestartRestoresIt() async throws {
        let target = try await FakeHTTPTarget.started()
        let probe = ProberFixture.http(target)
        let before = await prober.probe(probe)
        await target.stop()
        let killed = await prober.probe(probe)
        try await target.restart()
        let restored = await prober.probe(probe)
        await target.stop()
        #expect(before.success)
        #expect(killed.status == ProberStatus.connectionRefused)
        #expect(!killed.success)
        #expect(restored.status == "Success: HTTP Status Code 200, OK")
    }

    @Test func closeAfterRequestFails() async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .closeAfterRequest))
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        #expect(result.status == ProberStatus.connectionClosedBeforeResponse)
    }

    @Test func closeOnAcceptFails() async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .closeImmediately))
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        // Closed before our request arrived (EOF) or after (the kernel answers it with a reset).
        #expect([ProberStatus.connectionClosedBeforeResponse, ProberStatus.connectionReset].contains(result.status))
        #expect(!result.success)
    }

    @Test func garbageResponseFailsAtOnce() async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .garbage))
        let probe = ProberFixture.http(target, firstByteTimeout: .seconds(30))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status.hasPrefix("Failure: Invalid HTTP response: "))
        // The garbage connection stays open: only the prefix check can have ended the probe.
        #expect(elapsed < .seconds(30))
    }

    @Test(arguments: [(20_000, false), (16_000, true)])
    func headerSectionIsLimitedTo16384Bytes(size: Int, healthy: Bool) async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .hugeHeaders(bytes: size)))
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        #expect(result.success == healthy)
        #expect(result.status == (healthy ? "Success: HTTP Status Code 200, OK" : ProberStatus.responseHeadersTooLarge))
    }

    @Test func slowFirstByteFailsAtTheFirstByteDeadline() async throws {
        let target = try await FakeHTTPTarget.started(.init(headerDelay: .seconds(60)))
        let probe = ProberFixture.http(target, firstByteTimeout: .milliseconds(300))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status == ProberStatus.responseTimedOut)
        #expect(result.connectTime != nil && result.timeToFirstByte == nil)
        #expect(elapsed < ProberFixture.bound(probe))
    }

    @Test func slowLorisHeadersFailAtTheFirstByteDeadline() async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .slowLorisHead(interval: .milliseconds(50))))
        // 2 s, not 0.5 s: under the full suite on 2 cores the target's first byte once came later
        // than 0.5 s, and the probe then failed as "no response" instead of "headers timed out".
        let probe = ProberFixture.http(target, firstByteTimeout: .seconds(2))
        let (result, elapsed) = await ProberFixture.timed(prober, probe)
        await target.stop()
        #expect(result.status == ProberStatus.responseHeadersTimedOut)
        #expect(result.timeToFirstByte != nil)
        #expect(elapsed < ProberFixture.bound(probe))
    }

    struct RawCase: Sendable, CustomTestStringConvertible {
        let name: String
        let response: String
        let expected: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        RawCase(name: "obs-fold", response: "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\nContent-Length: 0\r\n\r\n",
                expected: "Success: HTTP Status Code 200, OK"),
        RawCase(name: "bare LF line ends", response: "HTTP/1.1 200 OK\nContent-Length: 0\n\n", expected: "Success: HTTP Status Code 200, OK"),
        RawCase(name: "no reason phrase", response: "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", expected: "Success: HTTP Status Code 200"),
        RawCase(name: "HTTP/1.0", response: "HTTP/1.0 302 Found\r\n\r\n", expected: "Success: HTTP Status Code 302, Found"),
        RawCase(name: "interim 100 then 200", response: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                expected: "Success: HTTP Status Code 200, OK"),
        RawCase(name: "space before colon", response: "HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n",
                expected: "Failure: Invalid HTTP response: invalid header field name \"X-A \""),
        RawCase(name: "HTTP/2 status line", response: "HTTP/2 200\r\n\r\n", expected: "Failure: Invalid HTTP response: malformed status line \"HTTP/2 200\""),
        RawCase(name: "header without colon", response: "HTTP/1.1 200 OK\r\nBroken\r\n\r\n",
                expected: "Failure: Invalid HTTP response: header line without a colon"),
        RawCase(name: "two-digit status", response: "HTTP/1.1 20 OK\r\n\r\n",
                expected: "Failure: Invalid HTTP response: malformed status code in \"HTTP/1.1 20 OK\""),
        RawCase(name: "head cut off", response: "HTTP/1.1 200 OK\r\nContent-Le", expected: ProberStatus.connectionClosedDuringHeaders),
    ])
    func rawResponses(_ row: RawCase) async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .raw(Array(row.response.utf8))))
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        #expect(result.status == row.expected)
    }

    @Test(arguments: ["::1", "[::1]"])
    func ipv6LiteralTargets(address: String) async throws {
        let target = try await FakeHTTPTarget.started(host: "::1")
        let result = await prober.probe(ProberFixture.http(address, target.port))
        await target.stop()
        #expect(result.status == "Success: HTTP Status Code 200, OK")
        #expect(target.lastRequest?.header("Host") == "[::1]:\(target.port)")
    }

    @Test func otherLoopbackAddressesWork() async throws {
        let target = try await FakeHTTPTarget.started(host: "127.0.0.2")
        let result = await prober.probe(ProberFixture.http(target))
        await target.stop()
        #expect(result.success)
    }

    @Test func invalidAddressFails() async {
        let result = await prober.probe(ProberFixture.http("not-an-ip", 80))
        #expect(result.status == "Failure: Invalid IP address \"not-an-ip\"")
    }

    @Test func cancellationEndsTheProbe() async throws {
        let target = try await FakeHTTPTarget.started(.init(mode: .silent))
        let probe = ProberFixture.http(target, firstByteTimeout: .seconds(60))
        let task = Task { await HTTPProber().probe(probe) }
        for _ in 0..<1000 where target.requestCount == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        let result = await task.value
        await target.stop()
        #expect(result.status == ProberStatus.cancelled)
    }
}
