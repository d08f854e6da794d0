import Foundation
import Route53Model
import Testing
import TestSupport

/// Health events end to end (issue 5 item 5, the CloudWatch alarm → SNS analogue): every
/// transition — to unhealthy and back, the OK action — reaches webhooks (with retries), the SSE
/// stream on the control listener and `lab53 watch`. Transitions are forced through the lab API,
/// so they happen the moment the test asks; healthy loopback targets keep the real status stable.
@Suite("Health events: webhooks, SSE, lab53 watch")
struct HealthEventTests {
    /// A failover pair whose checks probe `target` (healthy), plus `extra` YAML (e.g. `Events:`).
    static func config(targetPort: Int, extra: String = "") -> String {
        """
        Server: {Seed: 5}
        HealthChecks:
          - {Id: primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(targetPort), RequestInterval: 1, FailureThreshold: 2}}
          - {Id: secondary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1, Port: \(targetPort), RequestInterval: 1, FailureThreshold: 2}}
        HostedZones:
          - Name: ev.lab53.test.
            ResourceRecordSets:
              - {Name: app.ev.lab53.test., Type: A, SetIdentifier: one, Failover: PRIMARY, HealthCheckId: primary, TTL: 30, ResourceRecords: [{Value: 192.0.2.1}]}
              - {Name: app.ev.lab53.test., Type: A, SetIdentifier: two, Failover: SECONDARY, HealthCheckId: secondary, TTL: 30, ResourceRecords: [{Value: 192.0.2.2}]}
        \(extra)
        """
    }

    /// Forces `primary` unhealthy, then clears the drill: two transitions, down and back up.
    static func flap(_ api: LabAPIClient) async throws {
        let (_, forced) = try await api.send("POST", "/_lab/health-checks/primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(forced == 200)
        let (_, cleared) = try await api.send("DELETE", "/_lab/health-checks/primary/force")
        #expect(cleared == 200)
    }

    /// Bounded poll on a condition evaluated by the test thread.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<3000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    static func isTimestamp(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil
    }

    @Test("a webhook that fails twice with 503 gets both transitions, retried with backoff, as JSON")
    func webhookRetries() async throws {
        let target = try await FakeHTTPTarget.started()
        let receiver = try await FakeWebhookReceiver.started(script: [503, 503])
        let daemon = try DaemonFixture.start(configYAML: Self.config(targetPort: target.server.port, extra: """
            Events:
              Webhooks:
                - {Url: "\(receiver.url)", Events: [health], MaxAttempts: 5, TimeoutSeconds: 5}
            """))
        let api = try LabAPIClient(daemon)
        try await Self.flap(api)
        #expect(try await Self.eventually { receiver.received.count >= 4 }, "received: \(receiver.received.map(\.status))")
        let received = receiver.received
        #expect(received.map(\.status) == [503, 503, 200, 200])
        #expect(received.allSatisfy { $0.method == "POST" && $0.uri == "/hook" && $0.header("Content-Type") == "application/json" })
        #expect(received.map { $0.header("X-Lab53-Delivery-Attempt") } == ["1", "2", "3", "1"])
        let events = try received.map { try JSONDecoder().decode(LabHealthEvent.self, from: Data($0.body)) }
        // The first event, three times (same ID: a receiver can de-duplicate), then the OK action.
        #expect(events.map(\.eventId) == [1, 1, 1, 2])
        let run = events[0].runId
        #expect(run.count == 8 && events.allSatisfy { $0.runId == run })
        #expect(received.map { $0.header("X-Lab53-Event-Id") } == ["1", "1", "1", "2"].map { "\(run)-\($0)" })
        let down = events[2], up = events[3]
        #expect(down.type == "health" && down.healthCheckId == "primary")
        #expect(down.from == "Healthy" && down.to == "Unhealthy" && down.realStatus == "Healthy" && down.cause == "drill")
        #expect(down.reason.contains("forced unhealthy"))
        #expect(Self.isTimestamp(down.time), "\(down.time)")
        #expect(down.recordSets == [LabEventRecordSet(hostedZoneId: down.recordSets.first?.hostedZoneId ?? "", name: "app.ev.lab53.test.",
                                                      type: "A", setIdentifier: "one", routing: "failover PRIMARY")])
        #expect(down.answers.map(\.answer) == [["app.ev.lab53.test.\t30\tIN\tA\t192.0.2.2"]], "SECONDARY served after the flip")
        #expect(up.from == "Unhealthy" && up.to == "Healthy" && up.healthGeneration > down.healthGeneration)
        #expect(up.answers.map(\.answer) == [["app.ev.lab53.test.\t30\tIN\tA\t192.0.2.1"]])
        // The raw JSON keys are Route 53-style PascalCase.
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(received[3].body)) as? [String: Any]).keys.sorted()
        #expect(keys == ["Answers", "Cause", "EventId", "From", "HealthCheckId", "HealthGeneration", "RealStatus", "Reason",
                         "RecordSets", "RunId", "Time", "To", "Type"])
        daemon.stop()
        #expect(!daemon.stderrText.contains("webhook delivery failed"), "delivered in the end: no give-up warning")
    }

    @Test("a webhook that never accepts is given up after MaxAttempts, with one warning per event")
    func webhookGivesUp() async throws {
        let target = try await FakeHTTPTarget.started()
        let receiver = try await FakeWebhookReceiver.started(script: Array(repeating: 500, count: 100))
        let daemon = try DaemonFixture.start(configYAML: Self.config(targetPort: target.server.port, extra: """
            Events:
              Webhooks:
                - {Url: "\(receiver.url)", MaxAttempts: 2}
            """))
        let api = try LabAPIClient(daemon)
        try await Self.flap(api)
        #expect(try await Self.eventually { daemon.stderrText.components(separatedBy: "webhook delivery failed").count == 3 })
        #expect(receiver.received.map { $0.header("X-Lab53-Delivery-Attempt") } == ["1", "2", "1", "2"])
        #expect(daemon.stderrText.contains("reason=HTTP 500"))
    }

    @Test("SIGHUP applies a webhook added to the configuration")
    func webhookAddedByReload() async throws {
        let target = try await FakeHTTPTarget.started()
        let receiver = try await FakeWebhookReceiver.started()
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(targetPort: target.server.port))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "notice"], temporaryFiles: [directory.url])
        ReloadTests.letSignalHandlersInstall()
        try directory.write("lab53.yaml", Self.config(targetPort: target.server.port, extra: """
            Events:
              Webhooks: [{Url: "\(receiver.url)"}]
            """))
        daemon.sendSignal(SIGHUP)
        #expect(ReloadTests.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")
        try await Self.flap(try LabAPIClient(daemon))
        #expect(try await Self.eventually { receiver.received.count == 2 })
        let events = try receiver.received.map { try JSONDecoder().decode(LabHealthEvent.self, from: Data($0.body)) }
        #expect(events.map(\.to) == ["Unhealthy", "Healthy"])
    }

    @Test("the SSE stream sends a snapshot, each transition, and replays after Last-Event-ID")
    func serverSentEvents() async throws {
        let target = try await FakeHTTPTarget.started()
        let daemon = try DaemonFixture.start(configYAML: Self.config(targetPort: target.server.port))
        let api = try LabAPIClient(daemon)
        let stream = EventStreamReader(base: api.base)
        defer { stream.close() }
        #expect(stream.wait { $0.contains { $0.event == "snapshot" } })
        #expect(stream.status == 200)
        let snapshotEvent = try #require(stream.events.first)
        #expect(snapshotEvent.event == "snapshot", "the snapshot comes first")
        let snapshot = try JSONDecoder().decode(LabEventSnapshot.self, from: Data(snapshotEvent.data.utf8))
        #expect(snapshot.lastEventId == 0)
        #expect(snapshot.healthChecks == [LabCheckStatus(id: "primary", status: "Healthy", realStatus: "Healthy"),
                                          LabCheckStatus(id: "secondary", status: "Healthy", realStatus: "Healthy")])

        try await Self.flap(api)
        #expect(stream.wait { events in events.filter { $0.event == "health" }.count == 2 })
        let health = stream.events.filter { $0.event == "health" }
        #expect(health.map(\.id) == ["\(snapshot.runId)-1", "\(snapshot.runId)-2"], "the SSE id is RunId-EventId")
        let decoded = stream.healthEvents
        #expect(decoded.map { "\($0.healthCheckId) \($0.from)→\($0.to)" } == ["primary Healthy→Unhealthy", "primary Unhealthy→Healthy"])
        #expect(decoded.map(\.eventId) == [1, 2])
        #expect(decoded.allSatisfy { Self.isTimestamp($0.time) })

        // A client reconnecting after event 1 is replayed event 2 (after a fresh snapshot).
        let resumed = EventStreamReader(base: api.base, lastEventId: "\(snapshot.runId)-1")
        defer { resumed.close() }
        #expect(resumed.wait { $0.contains { $0.event == "health" } })
        #expect(resumed.events.map { $0.event ?? "message" } == ["snapshot", "health"])
        #expect(resumed.healthEvents.map(\.eventId) == [2])
        // An ID from an earlier run of the daemon (numbers restart at 1) replays all this run has.
        let restarted = EventStreamReader(base: api.base, lastEventId: "0badcafe-7")
        defer { restarted.close() }
        #expect(restarted.wait { $0.filter { $0.event == "health" }.count == 2 })
        #expect(restarted.healthEvents.map(\.eventId) == [1, 2])
        let status = try await api.get("/_lab/status", as: LabStatus.self)
        #expect(status.lastEventId == 2)
        #expect(status.eventSubscribers >= 3, "the three streams are attached")
        // Open streams end when the daemon stops; they must not hold up its shutdown.
        daemon.sendSignal(SIGTERM)
        #expect(try await Self.eventually { !daemon.process.isRunning }, "lab53d exits with event streams open")
    }

    @Test("lab53 watch --count 2 prints both transitions live (JSON) and replayed (human)")
    func watch() async throws {
        let target = try await FakeHTTPTarget.started()
        let daemon = try DaemonFixture.start(configYAML: Self.config(targetPort: target.server.port))
        let api = try LabAPIClient(daemon)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.url.appendingPathComponent("out.txt"), err = directory.url.appendingPathComponent("err.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: CLIQueryTests.cliPath)
        watcher.arguments = ["watch", "--count", "2", "--output", "json", "--api", api.address]
        watcher.standardOutput = try FileHandle(forWritingTo: out)
        watcher.standardError = try FileHandle(forWritingTo: err)
        try watcher.run()
        defer { if watcher.isRunning { watcher.terminate() } }
        // It says so on standard error once the stream (and its snapshot) arrived.
        #expect(try await Self.eventually { ((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("lab53: watching") })
        try await Self.flap(api)
        #expect(try await Self.eventually { !watcher.isRunning }, "exits after two events")
        #expect(watcher.terminationStatus == 0, "\((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let events = try lines.map { try JSONDecoder().decode(LabHealthEvent.self, from: Data($0.utf8)) }
        #expect(events.map { "\($0.eventId) \($0.from)→\($0.to)" } == ["1 Healthy→Unhealthy", "2 Unhealthy→Healthy"])

        // Replayed from the daemon's ring: no race with the transitions at all.
        let replay = try ProcessRunner.run(executable: CLIQueryTests.cliPath,
                                           ["watch", "--count", "2", "--last-event-id", "0", "--api", api.address], limit: 60)
        #expect(replay.status == 0, "\(replay.stderr)")
        let human = replay.stdout.split(separator: "\n").map(String.init)
        #expect(human.count == 2)
        #expect(human.first?.contains("#1  primary  Healthy → Unhealthy  real Healthy  (forced unhealthy by drill)") == true, "\(human)")
        #expect(human.first?.hasSuffix("app.ev.lab53.test. A: 192.0.2.2") == true, "\(human)")
        #expect(human.last?.contains("#2  primary  Unhealthy → Healthy") == true, "\(human)")
        #expect(replay.stderr.contains("2 health checks, all healthy"))

        let unreachable = try ProcessRunner.run(executable: CLIQueryTests.cliPath, ["watch", "--api", "127.0.0.1:1"], limit: 60)
        #expect(unreachable.status == 2, "\(unreachable.stderr)")
    }
}
