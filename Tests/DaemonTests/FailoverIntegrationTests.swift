import DNSClient
import DNSWire
import Foundation
import Route53Model
import Testing
import TestSupport

/// Issue 3 end to end: the real daemon on port 0, real loopback targets the test starts, kills
/// and restarts, and DNS answers that follow the probes — with no bad answer in between
/// (RP-05, RP-06, HC-06, HC-07, DNS-11). Intervals are lab values (0.2 s) so a flip takes about
/// a second; waits are bounded generously, and no wall-clock threshold is asserted.
@Suite("Failover with real targets (RP-05, RP-06, HC-06…HC-08, DNS-11)", .serialized)
struct FailoverIntegrationTests {
    static func config(primary: Int, secondary: Int, members: [Int], extra: String = "") -> String {
        let memberChecks = members.enumerated().map { index, port in
            "  - {Id: member-\(index), HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: \(port), RequestInterval: 0.2, FailureThreshold: 2}}"
        }.joined(separator: "\n")
        let memberRecords = members.indices.map { index in
            "      - {Name: mv.fo.lab53.test., Type: A, SetIdentifier: m\(index), MultiValueAnswer: true, HealthCheckId: member-\(index), TTL: 5, ResourceRecords: [{Value: 192.0.2.\(index + 1)}]}"
        }.joined(separator: "\n")
        return """
            Lab: {Checkers: 3}
            HealthChecks:
              - {Id: primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(primary), ResourcePath: /health, RequestInterval: 0.2, FailureThreshold: 2}}
              - {Id: secondary, HealthCheckConfig: {Type: HTTPS, IPAddress: 127.0.0.2, Port: \(secondary), RequestInterval: 0.2, FailureThreshold: 2}}
            \(memberChecks)
            \(extra)
            HostedZones:
              - Name: fo.lab53.test.
                ResourceRecordSets:
                  - {Name: app.fo.lab53.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 127.0.0.1}]}
                  - {Name: app.fo.lab53.test., Type: A, SetIdentifier: s, Failover: SECONDARY, HealthCheckId: secondary, TTL: 5, ResourceRecords: [{Value: 127.0.0.2}]}
            \(memberRecords)
            """
    }

    struct Lab {
        let daemon: DaemonProcess
        let primary: FakeHTTPTarget
        let secondary: FakeTLSTarget
        let members: [FakeTCPTarget]
        let api: LabAPIClient
        let client: DNSStubClient
    }

    static func start() async throws -> Lab {
        let primary = try await FakeHTTPTarget.started()
        let secondary = try await FakeTLSTarget.started(host: "127.0.0.2")
        var members: [FakeTCPTarget] = []
        for _ in 0..<3 { members.append(try await FakeTCPTarget.started(.closeImmediately)) }
        let daemon = try DaemonFixture.start(configYAML: config(primary: primary.port, secondary: secondary.port, members: members.map(\.port)))
        return Lab(daemon: daemon, primary: primary, secondary: secondary, members: members, api: try LabAPIClient(daemon),
                   client: try DaemonFixture.client(daemon))
    }

    static let app = try! DomainName("app.fo.lab53.test.")
    static let mv = try! DomainName("mv.fo.lab53.test.")

    @Test("killing the primary target fails over to the secondary and back, with no bad answer (RP-05, Q18)")
    func failoverPair() async throws {
        let lab = try await Self.start()
        let recorder = AnswerRecorder(client: lab.client, name: Self.app)
        #expect(recorder.wait { $0 == ["127.0.0.1"] }, "primary served while healthy")
        for _ in 0..<2 {
            await lab.primary.stop()
            #expect(recorder.wait { $0 == ["127.0.0.2"] }, "secondary after the primary target died")
            try await lab.primary.restart()
            #expect(recorder.wait { $0 == ["127.0.0.1"] }, "primary again once its target is back")
        }
        // Both targets down: Route 53 answers PRIMARY (last resort, RP-05 T3).
        await lab.primary.stop()
        #expect(recorder.wait { $0 == ["127.0.0.2"] })
        await lab.secondary.stop()
        #expect(recorder.wait { $0 == ["127.0.0.1"] })
        let report = try await lab.api.get("/_lab/health-checks/secondary", as: LabHealthCheck.self)
        #expect(report.status == "Unhealthy")
        let samples = recorder.stop()
        #expect(samples.allSatisfy { $0.addresses == ["127.0.0.1"] || $0.addresses == ["127.0.0.2"] },
                "bad answers: \(samples.filter { $0.addresses != ["127.0.0.1"] && $0.addresses != ["127.0.0.2"] }.prefix(5).map { String(describing: $0.addresses) })")
        #expect(samples.count > 20)
        #expect(report.type == "HTTPS")
        #expect(lab.primary.lastRequest?.uri == "/health")
        #expect(lab.primary.lastRequest?.header("Host")?.hasPrefix("127.0.0.1:") == true, "Host header per HC-03")
        #expect(lab.primary.lastRequest?.header("User-Agent")?.hasPrefix("Amazon-Route53-Health-Check-Service") == true)
    }

    @Test("multivalue answers only healthy records, and all when none is healthy (RP-06, Q20)")
    func multivalue() async throws {
        let lab = try await Self.start()
        let recorder = AnswerRecorder(client: lab.client, name: Self.mv)
        #expect(recorder.wait { $0 == ["192.0.2.1", "192.0.2.2", "192.0.2.3"] })
        await lab.members[1].stop()
        #expect(recorder.wait { $0 == ["192.0.2.1", "192.0.2.3"] }, "the dead member leaves the answer")
        await lab.members[0].stop()
        #expect(recorder.wait { $0 == ["192.0.2.3"] })
        await lab.members[2].stop()
        #expect(recorder.wait { $0 == ["192.0.2.1", "192.0.2.2", "192.0.2.3"] }, "all unhealthy: all records (RP-06)")
        try await lab.members[1].restart()
        #expect(recorder.wait { $0 == ["192.0.2.2"] }, "only the recovered member")
        let samples = recorder.stop()
        #expect(samples.allSatisfy { $0.addresses != nil }, "no SERVFAIL, timeout or empty answer")
    }

    @Test("drills through the lab API: force, fault injection, pause, the timeline (issue 3 items 6 and 7)")
    func drills() async throws {
        let lab = try await Self.start()
        let recorder = AnswerRecorder(client: lab.client, name: Self.app)
        #expect(recorder.wait { $0 == ["127.0.0.1"] })

        // Force unhealthy, then clear: the target is never touched.
        let (_, forced) = try await lab.api.send("POST", "/_lab/health-checks/primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(forced == 200)
        #expect(recorder.wait { $0 == ["127.0.0.2"] })
        let forcedReport = try await lab.api.get("/_lab/health-checks/primary", as: LabHealthCheck.self)
        #expect(forcedReport.status == "Unhealthy" && forcedReport.realStatus == "Healthy" && forcedReport.forced == "Unhealthy")
        try await lab.api.send("DELETE", "/_lab/health-checks/primary/force")
        #expect(recorder.wait { $0 == ["127.0.0.1"] })

        // Forced for a duration: back to real probing by itself.
        try await lab.api.send("POST", "/_lab/health-checks/primary/force", body: LabForceRequest(status: "Unhealthy", durationSeconds: 3))
        #expect(recorder.wait { $0 == ["127.0.0.2"] })
        #expect(recorder.wait { $0 == ["127.0.0.1"] }, "the forced status expired")

        // Injected fault: probes fail as if the target refused, with the Route 53 status string.
        let requestsBefore = lab.primary.requestCount
        try await lab.api.send("POST", "/_lab/health-checks/primary/fault", body: LabFaultRequest(fault: "refused"))
        #expect(recorder.wait { $0 == ["127.0.0.2"] })
        let faulted = try await lab.api.get("/_lab/health-checks/primary", as: LabHealthCheck.self)
        #expect(faulted.realStatus == "Unhealthy" && faulted.fault == "refused")
        #expect(faulted.checkers.contains { $0.status == "Failure: Connection refused" })
        #expect(!faulted.lastFailureReason.isEmpty)
        try await lab.api.send("DELETE", "/_lab/health-checks/primary/fault")
        #expect(recorder.wait { $0 == ["127.0.0.1"] })
        #expect(lab.primary.requestCount > requestsBefore, "real probing resumed")

        // Errors are JSON with a code.
        let (body, status) = try await lab.api.send("POST", "/_lab/health-checks/nope/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(status == 404)
        #expect(try JSONDecoder().decode(LabError.self, from: body).code == "NoSuchHealthCheck")
        let (_, badStatus) = try await lab.api.send("POST", "/_lab/health-checks/primary/force", body: LabForceRequest(status: "Sideways"))
        #expect(badStatus == 400)

        // The timeline holds every transition with its stages, in order.
        let samples = recorder.stop()
        #expect(samples.allSatisfy { $0.addresses == ["127.0.0.1"] || $0.addresses == ["127.0.0.2"] })
        let timeline = try await lab.api.get("/_lab/timeline?check=primary", as: [LabTimelineEntry].self)
        #expect(timeline.count >= 6)
        #expect(timeline.map(\.to).prefix(2) == ["Unhealthy", "Healthy"])
        #expect(timeline.allSatisfy { $0.publishedMs >= 0 })
        #expect(timeline.allSatisfy { $0.firstAnswerMs != nil }, "the poller's queries were the first answers after each flip")
        #expect(timeline.contains { $0.reason.contains("Connection refused") })
    }

    @Test("lab53 checks, force and drill drive the daemon from the command line")
    func cli() async throws {
        let lab = try await Self.start()
        let cli = CLIQueryTests.cliPath
        let warmUp = AnswerRecorder(client: lab.client, name: Self.app)
        #expect(warmUp.wait { $0 == ["127.0.0.1"] })
        _ = warmUp.stop()
        let checks = try ProcessRunner.run(executable: cli, ["checks", "--api", lab.api.address], limit: 30)
        #expect(checks.status == 0, "\(checks.stderr)")
        #expect(checks.stdout.contains("primary") && checks.stdout.contains("HTTPS"))
        let dns = lab.daemon.listener("udp")!
        let drill = try ProcessRunner.run(executable: cli, [
            "drill", "--api", lab.api.address, "--server", "127.0.0.1:\(dns.port)", "--check", "primary",
            "--name", "app.fo.lab53.test", "--method", "force", "--rounds", "2", "--poll-ms", "20", "--output", "json",
        ], limit: 120)
        #expect(drill.status == 0, "\(drill.stderr)")
        struct Round: Decodable { let failoverAnswer: [String]; let failoverBadAnswers: Int; let failbackBadAnswers: Int }
        let rounds = try JSONDecoder().decode([Round].self, from: Data(drill.stdout.utf8))
        #expect(rounds.count == 2)
        #expect(rounds.allSatisfy { $0.failoverAnswer == ["127.0.0.2"] && $0.failoverBadAnswers == 0 && $0.failbackBadAnswers == 0 })
        let unknown = try ProcessRunner.run(executable: cli, ["force", "nope", "unhealthy", "--api", lab.api.address], limit: 30)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("NoSuchHealthCheck"))
    }

    @Test("a configuration reload keeps health state: a failed-over name stays failed over (issue 3 item 5)")
    func reloadKeepsHealth() async throws {
        let primary = try await FakeHTTPTarget.started()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func yaml(_ extraRecord: String) -> String {
            """
            HealthChecks:
              - {Id: primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(primary.port), RequestInterval: 0.2, FailureThreshold: 2}}
            HostedZones:
              - Name: rl.lab53.test.
                ResourceRecordSets:
                  - {Name: app.rl.lab53.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 127.0.0.1}]}
                  - {Name: app.rl.lab53.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 5, ResourceRecords: [{Value: 127.0.0.2}]}
                  \(extraRecord)
            """
        }
        let path = try directory.write("lab53.yaml", yaml(""))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "warning"])
        let client = try DaemonFixture.client(daemon)
        let recorder = AnswerRecorder(client: client, name: try DomainName("app.rl.lab53.test."))
        #expect(recorder.wait { $0 == ["127.0.0.1"] })
        await primary.stop()
        #expect(recorder.wait { $0 == ["127.0.0.2"] })
        try directory.write("lab53.yaml", yaml("- {Name: new.rl.lab53.test., Type: A, TTL: 5, ResourceRecords: [{Value: 192.0.2.9}]}"))
        daemon.sendSignal(SIGHUP)
        let added = AnswerRecorder(client: client, name: try DomainName("new.rl.lab53.test."))
        #expect(added.wait { $0 == ["192.0.2.9"] }, "the reload was applied")
        _ = added.stop()
        // Right after the reload the check is still unhealthy: nothing was reset to healthy.
        let samples = recorder.stop()
        let afterFailover = samples.drop { $0.addresses != ["127.0.0.2"] }
        #expect(afterFailover.allSatisfy { $0.addresses == ["127.0.0.2"] }, "answer went back to the primary after the reload")
    }

    @Test("--time-scale divides every interval: a 10 s check probes every second (issue 3 item 2)")
    func timeScale() async throws {
        let target = try await FakeHTTPTarget.started()
        let daemon = try DaemonFixture.start(configYAML: """
            HealthChecks:
              - {Id: slow, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(target.port), RequestInterval: 10}}
            HostedZones:
              - Name: ts.lab53.test.
                ResourceRecordSets:
                  - {Name: www.ts.lab53.test., Type: A, TTL: 5, ResourceRecords: [{Value: 192.0.2.1}]}
            """, extra: ["--time-scale", "0.1"])
        let report = try await LabAPIClient(daemon).get("/_lab/health-checks/slow", as: LabHealthCheck.self)
        #expect(report.requestInterval == 10)
        #expect(report.effectiveRequestInterval == 1)
    }

    @Test("a black-holed target does not delay another check's probes (HC-05)")
    func hostileTargetDoesNotDelayOthers() async throws {
        let healthy = try await FakeHTTPTarget.started()
        let hole = try FakeBlackHoleTarget()
        defer { hole.close() }
        let slowLoris = try await FakeHTTPTarget.started(.init(mode: .slowLorisHead(interval: .milliseconds(100))))
        let daemon = try DaemonFixture.start(configYAML: """
            Lab: {Checkers: 3}
            HealthChecks:
              - {Id: healthy, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(healthy.port), RequestInterval: 0.2}}
              - {Id: hole, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(hole.port), RequestInterval: 0.2}}
              - {Id: loris, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(slowLoris.port), RequestInterval: 0.2}}
            HostedZones:
              - Name: h.lab53.test.
                ResourceRecordSets:
                  - {Name: www.h.lab53.test., Type: A, TTL: 5, ResourceRecords: [{Value: 192.0.2.1}]}
            """)
        // The black hole's probes each wait out the 4 s connect deadline. If they held up the
        // scheduler, each of the healthy check's 3 checkers could probe at most once in that
        // window; at its own schedule (every 0.2 s) it probes many times. ≥ 6 is the logical
        // bound (two rounds per checker), not a performance threshold (expected ≈ 45).
        let start = healthy.requestCount
        try await Task.sleep(for: .seconds(3))
        let probes = healthy.requestCount - start
        #expect(probes >= 6, "only \(probes) probes of the healthy target in 3 s beside hostile targets")
        let api = try LabAPIClient(daemon)
        let holeReport = try await api.get("/_lab/health-checks/hole", as: LabHealthCheck.self)
        #expect(holeReport.checkers.allSatisfy { $0.status.hasPrefix("Failure: Connection timed out") })
    }
}
