import ArgumentParser
import DNSClient
import DNSWire
import Foundation
import Route53Model

/// `lab53 drill`: a scripted failover drill. Each round breaks a health check (by forcing it,
/// injecting a fault, or running your own kill command), polls DNS until the answer for `--name`
/// changes, then restores and waits for the answer to come back — and reports how long each
/// direction took as a client saw it, next to the daemon's own timeline stages.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill", abstract: "Run a failover drill and measure how fast answers flip.")

    @OptionGroup var lab: LabOptions
    @Option(help: "The health check to break.") var check: String
    @Option(help: "The DNS name whose answer should flip.") var name: String
    @Option(help: "Record type to query.") var type: String = "A"
    @Option(help: ArgumentHelp("The DNS listener.", valueName: "host:port")) var server: String = "127.0.0.1:5353"
    @Option(help: "How to break the check: force, fault (refused), or command (with --kill/--restore).")
    var method: DrillMethod = .force
    @Option(help: "Shell command that kills the target (with --method command).") var kill: String?
    @Option(help: "Shell command that restores the target (with --method command).") var restore: String?
    @Option(help: "Kill/restore rounds.") var rounds: Int = 1
    @Option(name: .customLong("poll-ms"), help: "DNS poll interval in milliseconds.") var pollMilliseconds: Int = 50
    @Option(help: "Seconds to wait for each flip before giving up.") var timeout: Double = 60

    enum DrillMethod: String, ExpressibleByArgument, CaseIterable { case force, fault, command }

    func validate() throws {
        if method == .command && (kill == nil || restore == nil) { throw ValidationError("--method command needs --kill and --restore") }
        guard (1...1000).contains(rounds) else { throw ValidationError("--rounds must be 1…1000") }
        guard (1...10_000).contains(pollMilliseconds) else { throw ValidationError("--poll-ms must be 1…10000") }
    }

    func run() throws {
        guard let rrType = RRType(mnemonic: type) else { throw ValidationError("unknown record type '\(type)'") }
        let qname = try DomainName(name)
        let dns = DNSStubClient(server: try QueryCommand.parseServer(server), timeout: .seconds(2))
        let probe = AnswerProbe(client: dns, name: qname, type: rrType)
        let baseline = try probe.answer()
        if lab.output == .table { print("baseline \(name) \(type): \(baseline.joined(separator: ", "))") }
        var results: [DrillRound] = []
        for round in 1...rounds {
            let failStart = Date()
            try breakCheck()
            let failed = try probe.waitForChange(from: baseline, every: pollMilliseconds, timeout: timeout)
            let failSeconds = Date().timeIntervalSince(failStart)
            let restoreStart = Date()
            try restoreCheck()
            let restored = try probe.waitForEqual(to: baseline, every: pollMilliseconds, timeout: timeout)
            let restoreSeconds = Date().timeIntervalSince(restoreStart)
            let stages = (try? lab.client.get("/_lab/timeline?check=\(pathSegment(check))", as: [LabTimelineEntry].self)) ?? []
            let result = DrillRound(round: round, failoverSeconds: failSeconds, failoverAnswer: failed.answer,
                                    failoverBadAnswers: failed.bad, failbackSeconds: restoreSeconds,
                                    failbackBadAnswers: restored.bad, timeline: Array(stages.suffix(2)))
            results.append(result)
            if lab.output == .table {
                print("round \(round): failover \(format(rounded(failSeconds))) s → \(failed.answer.joined(separator: ", ")); "
                      + "failback \(format(rounded(restoreSeconds))) s; bad answers \(failed.bad + restored.bad)")
                for stage in result.timeline {
                    print("  \(stage.from) → \(stage.to): first failed probe \(stage.firstFailedProbeMs.map { format(rounded($0)) } ?? "-") ms, "
                          + "published +\(format(rounded(stage.publishedMs))) ms, first answer "
                          + "\(stage.firstAnswerMs.map { "+" + format(rounded($0)) } ?? "-") ms after the decision")
                }
            }
        }
        if lab.output == .json { return try printJSON(results) }
        let failovers = results.map(\.failoverSeconds).sorted()
        let failbacks = results.map(\.failbackSeconds).sorted()
        print("failover median \(format(rounded(failovers[failovers.count / 2]))) s, max \(format(rounded(failovers.last!))) s; "
              + "failback median \(format(rounded(failbacks[failbacks.count / 2]))) s, max \(format(rounded(failbacks.last!))) s")
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private func breakCheck() throws {
        switch method {
        case .force:
            try lab.client.send("POST", "/_lab/health-checks/\(pathSegment(check))/force", json: LabForceRequest(status: "Unhealthy"))
        case .fault:
            try lab.client.send("POST", "/_lab/health-checks/\(pathSegment(check))/fault", json: LabFaultRequest(fault: "refused"))
        case .command:
            try Shell.run(kill!)
        }
    }

    private func restoreCheck() throws {
        switch method {
        case .force: try lab.client.send("DELETE", "/_lab/health-checks/\(pathSegment(check))/force", body: nil)
        case .fault: try lab.client.send("DELETE", "/_lab/health-checks/\(pathSegment(check))/fault", body: nil)
        case .command: try Shell.run(restore!)
        }
    }
}

/// One round's measurements (JSON output of `lab53 drill`).
struct DrillRound: Codable {
    var round: Int
    var failoverSeconds: Double
    var failoverAnswer: [String]
    var failoverBadAnswers: Int
    var failbackSeconds: Double
    var failbackBadAnswers: Int
    var timeline: [LabTimelineEntry]
}
