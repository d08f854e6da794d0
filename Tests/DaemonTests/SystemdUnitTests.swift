import Foundation
import Testing
import TestSupport

/// The shipped unit file (issue 5 item 1): `systemd/check.sh` runs `systemd-analyze verify`
/// (ExecStart checked against the lab53d these tests run) and `systemd-analyze security`, which
/// must rate the unit "OK" or better — overall exposure at most 2.0. Skipped, with the script's
/// reason, only where systemd-analyze is missing and cannot be installed.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let script = DaemonFixture.repositoryRoot.appendingPathComponent("systemd/check.sh").path

    @Test func unitVerifiesAndRatesOK() throws {
        let result = try ProcessRunner.run(executable: "/bin/bash", [Self.script, "--binary", DaemonProcess.executablePath], limit: 300)
        if result.status == 77 {
            try Test.cancel(Comment(rawValue: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        #expect(result.status == 0, "\(result.commandLine)\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("verify: OK"), "\(result.stdout)")
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("lab53d.service exposure: ") }
        let score = line.flatMap { Double($0.dropFirst("lab53d.service exposure: ".count).prefix { $0 != " " }) }
        let exposure = try #require(score, "no exposure score in:\n\(result.stdout)")
        #expect(exposure <= 2.0, "\(result.stdout)")
        // Printed for CI logs, as the issue asks.
        print("systemd-analyze security: lab53d.service exposure \(exposure)")
    }
}
