import ControlPlane
import Foundation
import LabStore
import Route53Model
import Testing

/// The change history (issue 4 item 4): who changed what and when, including every configuration
/// version of a health check (HC-12).
@Suite("Change history")
struct HistoryTests {
    @Test("each health-check version's configuration is kept, with its actor, newest first")
    func healthCheckVersions() throws {
        let fixture = try Route53ServiceFixture()
        let created = try fixture.service.createHealthCheck(callerReference: "h", config: HealthCheckConfig(type: .tcp, ipAddress: "127.0.0.1", port: 9),
                                                            actor: "AKIDONE")
        var update = Route53Service.HealthCheckUpdate()
        update.failureThreshold = 5
        update.version = 1
        _ = try fixture.service.updateHealthCheck(id: created.check.check.id, update: update, actor: "AKIDTWO")
        let history = try fixture.service.history(zoneId: nil, limit: 10, before: nil)
            .filter { $0.operation.hasSuffix("HealthCheck") }
        #expect(history.map(\.operation) == ["UpdateHealthCheck", "CreateHealthCheck"])
        #expect(history.map(\.actor) == ["AKIDTWO", "AKIDONE"])
        let details = try history.map { try JSONDecoder().decode([String: String].self, from: Data($0.detail.utf8)) }
        #expect(details.map { $0["HealthCheckVersion"] } == ["2", "1"])
        #expect(details.map { $0["FailureThreshold"] } == ["5", "3"])
        #expect(details.allSatisfy { $0["Type"] == "TCP" && $0["Port"] == "9" })
    }
}
