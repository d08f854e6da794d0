import HealthChecking
import Route53Model
import Testing

/// Drill faults are synthesised from the target's (scaled) deadlines without any I/O.
struct ProbeFaultTests {
    static let http = ProbePlan.make(for: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1"), timeScale: 0.5)!.template!
    static let tcp = ProbePlan.make(for: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.1", port: 22), timeScale: 0.5)!.template!

    @Test("fault × kind", arguments: [
        (ProbeFault.timeout, false, Duration.seconds(2), false, ProberStatus.connectionTimedOut),
        (.timeout, true, .seconds(5), false, ProberStatus.connectionTimedOut),
        (.refused, false, .zero, false, "Failure: Connection refused"),
        (.refused, true, .zero, false, "Failure: Connection refused"),
        (.slowFirstByte, false, .seconds(1), false, "Failure: Response timed out"),
        (.slowFirstByte, true, .zero, true, "Success: TCP connection established"),
        (.wrongStatus, false, .zero, false, "Failure: HTTP Status Code 500, Internal Server Error"),
        (.wrongStatus, true, .zero, false, "Failure: Connection refused"),
    ])
    func synthesis(fault: ProbeFault, tcp: Bool, delay: Duration, success: Bool, status: String) {
        let synthesis = fault.synthesize(for: tcp ? Self.tcp : Self.http)
        #expect(synthesis.delay == delay)
        #expect(synthesis.result.success == success)
        #expect(synthesis.result.status == status)
    }

    @Test("the connect-timeout string is Route 53's (HC-13)")
    func timeoutString() {
        #expect(ProbeFault.timeout.synthesize(for: Self.http).result.status.hasPrefix(
            "Failure: Connection timed out. The endpoint or the internet connection is down"))
    }
}
