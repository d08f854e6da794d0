import DNSClient
import DNSWire
import Foundation
import Route53Model
import TestSupport
import Testing

/// The durable state seen from outside (issue 4 item 4): a drill survives `kill -9`, and the
/// config's seed is reconciled on restart. The Route 53 API's own durability is exercised with
/// the aws CLI and boto3 in Tests/api.
@Suite("Durable state across kill -9 (issue 4 item 4)")
struct DurableStateTests {
    static let app = try! DomainName("app.demo.lab53.test.")

    @Test("a forced failover is still in force after kill -9 and a restart on the same state")
    func forcedDrillSurvivesKill() async throws {
        let first = try DaemonFixture.startExample()
        let lab = try LabAPIClient(first)
        #expect(AnswerRecorder.addresses(client: try DaemonFixture.client(first), name: Self.app) == ["127.0.0.1"])
        let (_, status) = try await lab.send("POST", "/_lab/health-checks/web-primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(status == 200)
        #expect(AnswerRecorder.addresses(client: try DaemonFixture.client(first), name: Self.app) == ["127.0.0.2"])
        first.stop(signal: SIGKILL)

        let second = try DaemonFixture.startExample(extra: ["--state-dir", first.stateDirectory])
        defer { try? FileManager.default.removeItem(atPath: first.stateDirectory) }
        let report = try await LabAPIClient(second).get("/_lab/health-checks/web-primary", as: LabHealthCheck.self)
        #expect(report.forced == "Unhealthy")
        #expect(AnswerRecorder.addresses(client: try DaemonFixture.client(second), name: Self.app) == ["127.0.0.2"])

        // Clearing the drill is durable too.
        let (_, cleared) = try await LabAPIClient(second).send("DELETE", "/_lab/health-checks/web-primary/force")
        #expect(cleared == 200)
        second.stop(signal: SIGKILL)
        let third = try DaemonFixture.startExample(extra: ["--state-dir", first.stateDirectory])
        #expect(AnswerRecorder.addresses(client: try DaemonFixture.client(third), name: Self.app) == ["127.0.0.1"])
        third.stop()
    }

    /// A clean stop closes the store, which folds the WAL into the database file (issue 6: a
    /// restart otherwise read back a million-record seed's WAL); the state is all still there.
    @Test("SIGTERM leaves no WAL behind, and the next start has every write")
    func cleanStopCheckpointsTheWAL() async throws {
        let first = try DaemonFixture.startExample()
        defer { try? FileManager.default.removeItem(atPath: first.stateDirectory) }
        let (_, status) = try await LabAPIClient(first).send("POST", "/_lab/health-checks/web-primary/force", body: LabForceRequest(status: "Unhealthy"))
        #expect(status == 200)
        let wal = URL(fileURLWithPath: first.stateDirectory).appendingPathComponent("lab53.sqlite-wal").path
        #expect(FileManager.default.fileExists(atPath: wal), "a running store writes through its WAL")
        first.stop(signal: SIGTERM)
        #expect(first.process.terminationStatus == 0, "\(first.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: wal), "the WAL outlived a clean stop")

        let second = try DaemonFixture.startExample(extra: ["--state-dir", first.stateDirectory])
        let report = try await LabAPIClient(second).get("/_lab/health-checks/web-primary", as: LabHealthCheck.self)
        #expect(report.forced == "Unhealthy")
        #expect(AnswerRecorder.addresses(client: try DaemonFixture.client(second), name: Self.app) == ["127.0.0.2"])
        second.stop()
    }
}
