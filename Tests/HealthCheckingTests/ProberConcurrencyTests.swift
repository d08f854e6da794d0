import HealthChecking
import TestSupport
import Testing

/// A hostile target must never delay other checks (issue 3: "every probe has a deadline so a
/// black-holed, slow-loris or TLS-garbage target can never delay any other check").
@Suite struct ProberConcurrencyTests {
    struct Outcome: Sendable {
        let name: String
        let result: ProbeResult
        let elapsed: Duration
    }

    @Test func hostileTargetsDoNotDelayHealthyOnes() async throws {
        let healthy = [
            try await FakeHTTPTarget.started(),
            try await FakeHTTPTarget.started(host: "127.0.0.2"),
            try await FakeHTTPTarget.started(host: "::1"),
        ]
        let healthyTLS = try await FakeTLSTarget.started()
        let slowLoris = try await FakeHTTPTarget.started(.init(mode: .slowLorisBody(interval: .milliseconds(200)),
                                                               body: Array(String(repeating: ".", count: 100).utf8)))
        let silentTLS = try await FakeTLSTarget.started(tlsMode: .stall)
        let blackHole = try FakeBlackHoleTarget()
        defer { blackHole.close() }

        let deadline = Duration.milliseconds(1500)
        var probes: [(String, ProbeTarget)] = healthy.enumerated().map { ("healthy-\($0)", ProberFixture.http($1)) }
        probes.append(("healthy-tls", ProberFixture.http(healthyTLS.host, healthyTLS.port, tls: true)))
        probes.append(("slow-loris", ProberFixture.http(slowLoris.host, slowLoris.port, searchString: "never", bodyTimeout: deadline)))
        probes.append(("tls-stall", ProberFixture.http(silentTLS.host, silentTLS.port, tls: true, firstByteTimeout: deadline)))
        probes.append(("black-hole", ProberFixture.http("127.0.0.1", blackHole.port, connectTimeout: deadline)))

        let prober = HTTPProber()
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for (name, target) in probes {
                group.addTask {
                    let (result, elapsed) = await ProberFixture.timed(prober, target)
                    return Outcome(name: name, result: result, elapsed: elapsed)
                }
            }
            return await group.reduce(into: [Outcome]()) { $0.append($1) }
        }
        for target in healthy { await target.stop() }
        await healthyTLS.stop()
        await slowLoris.stop()
        await silentTLS.stop()

        let good = outcomes.filter { $0.name.hasPrefix("healthy") }
        let bad = outcomes.filter { !$0.name.hasPrefix("healthy") }
        #expect(good.count == 4 && bad.count == 3)
        for outcome in good { #expect(outcome.result.success, "\(outcome.name): \(outcome.result.status)") }
        #expect(bad.first { $0.name == "slow-loris" }?.result.status == ProberStatus.responseBodyTimedOut)
        #expect(bad.first { $0.name == "tls-stall" }?.result.status == ProberStatus.tlsHandshakeTimedOut)
        #expect(bad.first { $0.name == "black-hole" }?.result.status == ProberStatus.connectionTimedOut)
        // Every healthy probe finished before the first hostile one gave up.
        let slowestHealthy = try #require(good.map(\.elapsed).max())
        let fastestHostile = try #require(bad.map(\.elapsed).min())
        #expect(slowestHealthy < fastestHostile)
    }

    @Test func manyConcurrentProbesOfOneTarget() async throws {
        let target = try await FakeHTTPTarget.started()
        let prober = HTTPProber()
        let probe = ProberFixture.http(target)
        let results = await withTaskGroup(of: ProbeResult.self) { group in
            for _ in 0..<50 { group.addTask { await prober.probe(probe) } }
            return await group.reduce(into: [ProbeResult]()) { $0.append($1) }
        }
        await target.stop()
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0.status == "Success: HTTP Status Code 200, OK" })
        #expect(target.requestCount == 50)
    }
}
