import DNSClient
import DNSWire
import Foundation
import Testing
import TestSupport

/// SIGHUP re-reads the configuration while queries keep flowing: a valid file is swapped in
/// atomically, a broken one is rejected and the previous configuration keeps serving
/// (DNS-11: answers change live; nothing is dropped during the swap).
@Suite("Configuration reload on SIGHUP")
struct ReloadTests {
    static func config(www: String, extraName: String) -> String {
        """
        Server:
          Seed: 11
        HostedZones:
          - Name: reload.lab53.test.
            ResourceRecordSets:
              - {Name: www.reload.lab53.test., Type: A, TTL: 60, ResourceRecords: [{Value: \(www)}]}
              - {Name: \(extraName).reload.lab53.test., Type: TXT, TTL: 60, ResourceRecords: [{Value: '"\(extraName)"'}]}
        """
    }

    /// Valid YAML that breaks a rule (CNAME next to other data, RR-11), so the whole file is refused.
    static let brokenConfig = """
        HostedZones:
          - Name: reload.lab53.test.
            ResourceRecordSets:
              - {Name: www.reload.lab53.test., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.99}]}
              - {Name: www.reload.lab53.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: elsewhere.example.net.}]}
        """

    /// Waits (bounded) until the daemon's stderr contains `text` `occurrences` times.
    static func waitForLog(_ daemon: DaemonProcess, _ text: String, occurrences: Int = 1) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if daemon.stderrText.components(separatedBy: text).count - 1 >= occurrences { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// lab53d installs its signal handlers just after printing `ready` (the bug that
    /// `sighupRightAfterReadyReloads` shows); the other tests wait a moment before their first
    /// SIGHUP so each checks what it is about, not that race.
    static func letSignalHandlersInstall() {
        Thread.sleep(forTimeInterval: 0.3)
    }

    static func rcode(_ client: DNSStubClient, _ name: String, _ type: RRType) throws -> RCode {
        try client.query(name: try DomainName(name), type: type).headerRCode
    }

    @Test func reloadUnderLoadKeepsServing() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(www: "192.0.2.1", extraName: "old"))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "notice"],
                                       temporaryFiles: [directory.url])
        let client = try DaemonFixture.client(daemon)
        let prober = QueryProber(client: client, name: try DomainName("www.reload.lab53.test."))
        prober.start()
        defer { prober.stop() }
        #expect(prober.wait { $0.count >= 50 }, "the prober got no answers: \(prober.failuresSoFar.prefix(3))")
        #expect(Set(prober.answersSoFar) == ["192.0.2.1"])

        // A changed record: the new answer appears while queries continue.
        try directory.write("lab53.yaml", Self.config(www: "192.0.2.2", extraName: "new"))
        Self.letSignalHandlersInstall()
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")
        #expect(prober.wait { $0.last == "192.0.2.2" }, "the new answer never appeared")
        #expect(try Self.rcode(client, "new.reload.lab53.test.", .txt) == .noError)
        #expect(try Self.rcode(client, "old.reload.lab53.test.", .txt) == .nxDomain)
        // Once swapped, never back: the answers are all old, then all new.
        let afterFirst = prober.answersSoFar
        let firstNew = afterFirst.firstIndex(of: "192.0.2.2") ?? afterFirst.endIndex
        #expect(afterFirst[..<firstNew].allSatisfy { $0 == "192.0.2.1" } && afterFirst[firstNew...].allSatisfy { $0 == "192.0.2.2" })

        // A broken file: rejected, logged, and the previous configuration still answers.
        try directory.write("lab53.yaml", Self.brokenConfig)
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "reload failed; previous configuration still active"), "\(daemon.stderrText)")
        let mark = prober.count
        #expect(prober.wait { $0.count >= mark + 200 }, "the prober stalled after the failed reload")
        #expect(prober.answersSoFar[firstNew...].allSatisfy { $0 == "192.0.2.2" })
        #expect(try Self.rcode(client, "new.reload.lab53.test.", .txt) == .noError)
        #expect(daemon.process.isRunning)

        // Fixing the file and reloading again works.
        try directory.write("lab53.yaml", Self.config(www: "192.0.2.3", extraName: "fixed"))
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "configuration reloaded", occurrences: 2), "\(daemon.stderrText)")
        #expect(prober.wait { $0.last == "192.0.2.3" }, "the fixed configuration never took effect")

        prober.stop()
        #expect(prober.failuresSoFar.isEmpty, "\(prober.failuresSoFar.count) queries failed: \(prober.failuresSoFar.prefix(5))")
        #expect(prober.count >= 250)
    }

    /// The failed reload's log line names the problem, so an operator can fix the file.
    @Test func failedReloadLogsTheProblem() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(www: "192.0.2.1", extraName: "old"))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "warning"],
                                       temporaryFiles: [directory.url])
        try directory.write("lab53.yaml", Self.brokenConfig)
        Self.letSignalHandlersInstall()
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "reload failed; previous configuration still active"))
        let line = daemon.stderrText.split(separator: "\n").first { $0.contains("reload failed") }.map(String.init) ?? ""
        #expect(line.contains("\(path):5: HostedZones[0].ResourceRecordSets[1]: RRSet of type CNAME"), "\(line)")
        let www = try DaemonFixture.client(daemon).query(name: try DomainName("www.reload.lab53.test."), type: .a)
        #expect(www.answers.map(\.rdata) == [[192, 0, 2, 1]])
    }

    /// `--zone-file` zones are re-imported on SIGHUP too; a broken zone file keeps the old zone.
    @Test func zoneFileIsReReadOnReload() throws {
        let directory = try TemporaryDirectory()
        let zone = { (address: String) in "$ORIGIN file.lab53.test.\n$TTL 60\n@ IN A 192.0.2.50\nwww IN A \(address)\n" }
        let path = try directory.write("db.file", zone("192.0.2.51"))
        let daemon = try DaemonProcess(arguments: ["--zone-file", "file.lab53.test.=\(path)", "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                                   "--log-level", "notice"], temporaryFiles: [directory.url])
        let client = try DaemonFixture.client(daemon)
        let www = try DomainName("www.file.lab53.test.")
        #expect(try client.query(name: www, type: .a).answers.map(\.rdata) == [[192, 0, 2, 51]])
        try directory.write("db.file", zone("192.0.2.52"))
        Self.letSignalHandlersInstall()
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "configuration reloaded"), "\(daemon.stderrText)")
        #expect(try client.query(name: www, type: .a).answers.map(\.rdata) == [[192, 0, 2, 52]])
        try directory.write("db.file", zone("192.0.2.999"))
        daemon.sendSignal(SIGHUP)
        #expect(Self.waitForLog(daemon, "reload failed; previous configuration still active"), "\(daemon.stderrText)")
        #expect(daemon.stderrText.contains("\(path):4: syntax error"), "the failed reload does not name the zone file line")
        #expect(try client.query(name: www, type: .a).answers.map(\.rdata) == [[192, 0, 2, 52]])
    }

    /// A burst of SIGHUPs while the file changes under it: the daemon survives, no query fails,
    /// and once the file settles the last version is what it serves.
    @Test func signalBurstEndsOnTheLastConfiguration() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lab53.yaml", Self.config(www: "192.0.2.1", extraName: "v0"))
        let daemon = try DaemonProcess(arguments: ["--config", path, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "warning"],
                                       temporaryFiles: [directory.url])
        let prober = QueryProber(client: try DaemonFixture.client(daemon), name: try DomainName("www.reload.lab53.test."))
        prober.start()
        defer { prober.stop() }
        Self.letSignalHandlersInstall()
        for round in 1...60 {
            try directory.write("lab53.yaml", round % 3 == 0 ? Self.brokenConfig : Self.config(www: "192.0.2.\(round % 3)", extraName: "v\(round)"))
            daemon.sendSignal(SIGHUP)
        }
        try directory.write("lab53.yaml", Self.config(www: "192.0.2.200", extraName: "final"))
        daemon.sendSignal(SIGHUP)
        #expect(prober.wait { $0.last == "192.0.2.200" }, "the final configuration never took effect")
        #expect(daemon.process.isRunning)
        prober.stop()
        #expect(prober.failuresSoFar.isEmpty, "\(prober.failuresSoFar.prefix(5))")
        #expect(Set(prober.answersSoFar).isSubset(of: ["192.0.2.1", "192.0.2.2", "192.0.2.200"]))
    }

    /// `ready` tells scripts and supervisors the daemon is fully up, so a SIGHUP sent the moment it
    /// appears must reload, not kill (the default action of SIGHUP is to terminate). The signal is
    /// sent as soon as the line is read from the pipe (as `systemctl reload` or a script would);
    /// repeated because the window is short. A daemon that installs its handlers before printing
    /// `ready` passes every round.
    @Test func sighupRightAfterReadyReloads() throws {
        var killed: [String] = []
        for round in 0..<20 {
            let launch = try ImmediateSignalLaunch(arguments: ["--config", DaemonFixture.exampleConfigPath,
                                                               "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "warning"],
                                                   signal: SIGHUP)
            defer { launch.terminate() }
            // The default action of SIGHUP ends the process at once; give it a moment to show.
            Thread.sleep(forTimeInterval: 0.1)
            if !launch.process.isRunning {
                launch.process.waitUntilExit()
                let reason = launch.process.terminationReason == .uncaughtSignal ? "killed by signal" : "exited with status"
                killed.append("round \(round): \(reason) \(launch.process.terminationStatus)")
                continue
            }
            let client = DNSStubClient(server: DNSServerAddress(host: "127.0.0.1", port: launch.udpPort), timeout: .seconds(5))
            let answer = try client.query(name: try DomainName("www.demo.lab53.test."), type: .a)
            #expect(answer.answers.count == 2 && launch.process.isRunning)
        }
        #expect(killed.isEmpty, "SIGHUP right after `ready` killed lab53d: \(killed)")
    }
}
