import DNSClient
import DNSWire
import Foundation
import Glibc
import Testing
import TestSupport

/// The sd_notify protocol as systemd sees it (issue 5 item 1, `Type=notify`): the test is the
/// service manager, listening on a NOTIFY_SOCKET it creates. READY=1 comes once the listeners are
/// bound and the state is loaded, a SIGHUP is bracketed by RELOADING=1 (with MONOTONIC_USEC) and
/// READY=1 — also when the new file is rejected — and SIGTERM announces STOPPING=1.
@Suite("systemd notify protocol")
struct SystemdNotifyTests {
    static func config(zones: [String]) -> String {
        var yaml = "Server:\n  Seed: 19\nHostedZones:\n"
        for zone in zones {
            yaml += """
                  - Name: \(zone).
                    ResourceRecordSets:
                      - {Name: www.\(zone)., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.19}]}

                """
        }
        return yaml
    }

    /// CLOCK_MONOTONIC in µs in this process: the same clock the daemon stamps MONOTONIC_USEC with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// Start, reload (good file, then a broken one) and stop, over a path socket and an abstract one.
    @Test(arguments: [false, true])
    func lifecycleMessages(abstractSocket: Bool) throws {
        let notify = try NotifySocket(abstract: abstractSocket)
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(zones: ["one.lab53.test"]))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "notice"],
                                       temporaryFiles: [directory.url], environment: notify.environment)
        let udp = try #require(daemon.listener("udp"))

        // READY=1 is the first message, and its STATUS names what only exists once start-up is
        // done: the ephemeral port the kernel chose and the zones loaded from the state.
        let ready = try #require(notify.receive(), "no message on \(notify.name)")
        #expect(ready["READY"] == "1", "first message: \(ready)")
        let status = try #require(ready["STATUS"])
        #expect(status.contains("serving 1 hosted zone, 0 health checks"), "\(status)")
        #expect(status.contains("DNS on 127.0.0.1:\(udp.port)"), "\(status)")
        #expect(daemon.stdoutText.split(separator: "\n").contains("ready"))
        let answer = try DaemonFixture.client(daemon).query(name: try DomainName("www.one.lab53.test."), type: .a)
        #expect(answer.answers.map(\.rdata) == [[192, 0, 2, 19]])

        // A good reload: RELOADING=1 with a monotonic timestamp taken by the daemon before this
        // test read it, then READY=1 with the new zone count.
        try directory.write("lab53.yaml", Self.config(zones: ["one.lab53.test", "two.lab53.test"]))
        daemon.sendSignal(SIGHUP)
        let reloading = try #require(notify.receive(), "no RELOADING=1 after SIGHUP")
        #expect(reloading["RELOADING"] == "1", "\(reloading)")
        let stamp = try #require(reloading["MONOTONIC_USEC"].flatMap(UInt64.init), "\(reloading)")
        #expect(stamp > 0 && stamp <= Self.monotonicMicroseconds())
        let reloaded = try #require(notify.receive(), "no READY=1 after the reload")
        #expect(reloaded["READY"] == "1", "\(reloaded)")
        #expect(reloaded["STATUS"]?.contains("serving 2 hosted zones") == true, "\(reloaded)")
        #expect(ReloadTests.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")

        // A rejected file: still RELOADING=1 then READY=1 — the daemon serves on — and the STATUS
        // says the previous configuration is active, with the reason.
        try directory.write("lab53.yaml", ReloadTests.brokenConfig)
        daemon.sendSignal(SIGHUP)
        let second = try #require(notify.receive(), "no RELOADING=1 after the second SIGHUP")
        #expect(second["RELOADING"] == "1" && second["MONOTONIC_USEC"].flatMap(UInt64.init).map { $0 >= stamp } == true, "\(second)")
        let rejected = try #require(notify.receive(), "no READY=1 after the failed reload")
        #expect(rejected["READY"] == "1", "\(rejected)")
        let rejectedStatus = rejected["STATUS"] ?? ""
        #expect(rejectedStatus.contains("reload failed; previous configuration still active"), "\(rejected)")
        #expect(rejectedStatus.contains("CNAME") && rejectedStatus.contains("serving 2 hosted zones"), "\(rejected)")
        #expect(!rejectedStatus.contains("\n"))
        #expect(try DaemonFixture.client(daemon).query(name: try DomainName("www.two.lab53.test."), type: .a).headerRCode == .noError)

        // SIGTERM: STOPPING=1, then a clean exit.
        daemon.sendSignal(SIGTERM)
        let stopping = try #require(notify.receive(), "no STOPPING=1 after SIGTERM")
        #expect(stopping["STOPPING"] == "1", "\(stopping)")
        daemon.stop()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.stderrText)")
        #expect(notify.receive(upTo: 0.2) == nil, "a message after STOPPING=1")
    }

    /// A NOTIFY_SOCKET nobody listens on (systemd gone, a stale variable) changes nothing: the
    /// daemon starts, serves, reloads and stops as without one.
    @Test func unreachableNotifySocketIsHarmless() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(zones: ["one.lab53.test"]))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "notice"],
                                       temporaryFiles: [directory.url],
                                       environment: ["NOTIFY_SOCKET": directory.url.appendingPathComponent("absent.sock").path])
        let client = try DaemonFixture.client(daemon)
        #expect(try client.query(name: try DomainName("www.one.lab53.test."), type: .a).answers.count == 1)
        try directory.write("lab53.yaml", Self.config(zones: ["one.lab53.test", "two.lab53.test"]))
        daemon.sendSignal(SIGHUP)
        #expect(ReloadTests.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")
        #expect(try client.query(name: try DomainName("www.two.lab53.test."), type: .a).answers.count == 1)
        daemon.stop()
        #expect(daemon.process.terminationStatus == 0, "\(daemon.stderrText)")
    }
}
