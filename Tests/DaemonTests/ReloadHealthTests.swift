import DNSClient
import DNSWire
import Foundation
import Route53Model
import Testing
import TestSupport

/// Issue 5 item 2 with health checks in play: while two names are queried without pause over
/// UDP, SIGHUP applies a changed file (a record changes, the health check does not) without a
/// failed query and without resetting the check's state — a reset would make the unhealthy
/// PRIMARY healthy again (HC-08's initial state) and it would be served — and then rejects a
/// broken file, leaving every answer as it was.
@Suite("Reload with health checks under load")
struct ReloadHealthTests {
    static func config(targetPort: Int, www: String) -> String {
        """
        Server:
          Seed: 23
        HostedZones:
          - Name: hr.lab53.test.
            ResourceRecordSets:
              - {Name: www.hr.lab53.test., Type: A, TTL: 60, ResourceRecords: [{Value: \(www)}]}
              - {Name: app.hr.lab53.test., Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: primary, TTL: 5, ResourceRecords: [{Value: 192.0.2.1}]}
              - {Name: app.hr.lab53.test., Type: A, SetIdentifier: s, Failover: SECONDARY, TTL: 5, ResourceRecords: [{Value: 192.0.2.2}]}
        HealthChecks:
          - {Id: primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(targetPort), RequestInterval: 0.2, FailureThreshold: 1}}
        """
    }

    @Test func reloadKeepsHealthStateAndEveryQueryAnswered() async throws {
        // The PRIMARY's target answers 503, so its check turns unhealthy and SECONDARY is served.
        let target = try await FakeHTTPTarget.started(.status(503, "Service Unavailable"))
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(targetPort: target.port, www: "198.51.100.1"))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "notice"],
                                       temporaryFiles: [directory.url])
        let api = try LabAPIClient(daemon)
        let app = QueryProber(client: try DaemonFixture.client(daemon), name: try DomainName("app.hr.lab53.test."))
        let www = QueryProber(client: try DaemonFixture.client(daemon), name: try DomainName("www.hr.lab53.test."))
        app.start()
        www.start()
        defer {
            app.stop()
            www.stop()
        }
        #expect(app.wait { $0.last == "192.0.2.2" }, "the PRIMARY never failed over: \(daemon.stderrText)")
        let before = try await api.get("/_lab/timeline?check=primary", as: [LabTimelineEntry].self)
        #expect(before.count == 1 && before.first?.to == "Unhealthy", "\(before)")
        let failedOver = app.count

        // A good file: the record changes, the check's definition does not.
        try directory.write("lab53.yaml", Self.config(targetPort: target.port, www: "198.51.100.2"))
        daemon.sendSignal(SIGHUP)
        #expect(ReloadTests.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")
        #expect(www.wait { $0.last == "198.51.100.2" }, "the new record was never served")
        #expect(app.wait { $0.count >= failedOver + 200 }, "the app prober stalled after the reload")
        let after = try await api.get("/_lab/timeline?check=primary", as: [LabTimelineEntry].self)
        // firstAnswerMs may be filled in later; the transitions themselves must be the same.
        let transitions = { (entries: [LabTimelineEntry]) in entries.map { "\($0.sequence) \($0.from)→\($0.to) \($0.time)" } }
        #expect(transitions(after) == transitions(before), "the reload changed the check's history: \(after)")
        let report = try await api.get("/_lab/health-checks/primary", as: LabHealthCheck.self)
        #expect(report.status == "Unhealthy")

        // A broken file: rejected with the reason, and every answer stays.
        try directory.write("lab53.yaml", ReloadTests.brokenConfig)
        daemon.sendSignal(SIGHUP)
        #expect(ReloadTests.waitForLog(daemon, "reload failed; previous configuration still active"), "\(daemon.stderrText)")
        let mark = www.count
        #expect(www.wait { $0.count >= mark + 200 }, "the www prober stalled after the failed reload")
        #expect(daemon.process.isRunning)

        app.stop()
        www.stop()
        let appAnswers = app.answersSoFar
        let firstSecondary = appAnswers.firstIndex(of: "192.0.2.2") ?? appAnswers.endIndex
        #expect(appAnswers[firstSecondary...].allSatisfy { $0 == "192.0.2.2" }, "PRIMARY served again after the failover")
        let wwwAnswers = www.answersSoFar
        let firstNew = wwwAnswers.firstIndex(of: "198.51.100.2") ?? wwwAnswers.endIndex
        #expect(wwwAnswers[..<firstNew].allSatisfy { $0 == "198.51.100.1" } && wwwAnswers[firstNew...].allSatisfy { $0 == "198.51.100.2" })
        #expect(app.failuresSoFar.isEmpty && www.failuresSoFar.isEmpty,
                "failed queries: \(app.failuresSoFar.prefix(3)) \(www.failuresSoFar.prefix(3))")
        #expect(app.count + www.count >= 600)
        await target.stop()
    }
}
