import ArgumentParser
import Foundation
import Route53Model

/// `lab53 checks`: every health check with real and effective status (HC-13 strings).
struct ChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checks", abstract: "List health checks and their status.")

    @OptionGroup var lab: LabOptions

    func run() throws {
        let checks = try lab.client.get("/_lab/health-checks", as: [LabHealthCheck].self)
        if lab.output == .json { return try printJSON(checks) }
        let rows = checks.map { check -> [String] in
            var overlay: [String] = []
            if let forced = check.forced { overlay.append("forced \(forced.lowercased())") }
            if check.paused { overlay.append("paused") }
            if let fault = check.fault { overlay.append("fault \(fault)") }
            let interval = check.effectiveRequestInterval == check.requestInterval
                ? "\(format(check.requestInterval))s"
                : "\(format(check.requestInterval))s (\(format(check.effectiveRequestInterval))s)"
            return [check.id, check.type, check.endpoint, check.status, check.realStatus, interval,
                    overlay.joined(separator: ", "), check.checkers.first?.status ?? ""]
        }
        print(Table.render(header: ["ID", "TYPE", "ENDPOINT", "STATUS", "REAL", "INTERVAL", "DRILL", "LAST OBSERVATION"], rows: rows))
    }
}

/// `lab53 check ID`: one check with every checker's observation and last failure.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Show one health check in detail.")

    @OptionGroup var lab: LabOptions
    @Argument(help: "The health-check ID.") var id: String

    func run() throws {
        let check = try lab.client.get("/_lab/health-checks/\(pathSegment(id))", as: LabHealthCheck.self)
        if lab.output == .json { return try printJSON(check) }
        print("\(check.id)  \(check.type) \(check.endpoint)")
        print("status \(check.status) (probes say \(check.realStatus)); interval \(format(check.requestInterval))s, "
              + "probed every \(format(check.effectiveRequestInterval))s; failure threshold \(check.failureThreshold)")
        if let forced = check.forced { print("forced \(forced.lowercased())\(check.forcedUntil.map { " until \($0)" } ?? "")") }
        if check.paused { print("probing paused") }
        if let fault = check.fault { print("fault injected: \(fault)\(check.faultUntil.map { " until \($0)" } ?? "")") }
        let timing = [("connect", check.connectTimeMs), ("TLS", check.tlsHandshakeTimeMs), ("first byte", check.timeToFirstByteMs)]
            .compactMap { name, value in value.map { "\(name) \(format($0)) ms" } }
        if !timing.isEmpty { print("last probe: " + timing.joined(separator: ", ")) }
        print("")
        print(Table.render(header: ["REGION", "CHECKER", "CHECKED", "STATUS"],
                           rows: check.checkers.map { [$0.region, $0.ipAddress, $0.checkedTime, $0.status] }))
        if !check.lastFailureReason.isEmpty {
            print("\nlast failure per checker:")
            print(Table.render(header: ["REGION", "CHECKER", "CHECKED", "STATUS"],
                               rows: check.lastFailureReason.map { [$0.region, $0.ipAddress, $0.checkedTime, $0.status] }))
        }
    }
}

/// `lab53 force ID healthy|unhealthy [--for S]`, `lab53 force ID --clear`.
struct ForceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force", abstract: "Force a health check healthy or unhealthy (drill), or --clear to return to real probing.")

    @OptionGroup var lab: LabOptions
    @Argument(help: "The health-check ID.") var id: String
    @Argument(help: "healthy or unhealthy.") var status: String?
    @Option(name: .customLong("for"), help: ArgumentHelp("Seconds until real probing takes over again.", valueName: "seconds"))
    var duration: Double?
    @Flag(help: "Remove the forced status.") var clear = false

    func validate() throws {
        if clear { return }
        guard let status, ["healthy", "unhealthy"].contains(status.lowercased()) else {
            throw ValidationError("say healthy or unhealthy (or --clear)")
        }
    }

    func run() throws {
        let path = "/_lab/health-checks/\(pathSegment(id))/force"
        if clear {
            try lab.client.send("DELETE", path, body: nil)
            print("\(id): back to real probing")
            return
        }
        let value = status!.lowercased() == "healthy" ? "Healthy" : "Unhealthy"
        try lab.client.send("POST", path, json: LabForceRequest(status: value, durationSeconds: duration))
        print("\(id): forced \(value.lowercased())\(duration.map { " for \(format($0))s" } ?? "")")
    }
}

/// `lab53 pause ID` / `lab53 resume ID`.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop probing a check (its status freezes).")
    @OptionGroup var lab: LabOptions
    @Argument(help: "The health-check ID.") var id: String

    func run() throws {
        try lab.client.send("POST", "/_lab/health-checks/\(pathSegment(id))/pause", body: nil)
        print("\(id): probing paused")
    }
}

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume probing a paused check.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "The health-check ID.") var id: String

    func run() throws {
        try lab.client.send("POST", "/_lab/health-checks/\(pathSegment(id))/resume", body: nil)
        print("\(id): probing resumed")
    }
}

/// `lab53 fault ID timeout|refused|slowFirstByte|wrongStatus [--for S]`, `lab53 fault ID --clear`.
struct FaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault", abstract: "Make a check's probes fail as if the target misbehaved, without touching the target.")

    @OptionGroup var lab: LabOptions
    @Argument(help: "The health-check ID.") var id: String
    @Argument(help: "timeout, refused, slowFirstByte or wrongStatus.") var fault: String?
    @Option(name: .customLong("for"), help: ArgumentHelp("Seconds until the fault is lifted.", valueName: "seconds"))
    var duration: Double?
    @Flag(help: "Lift the injected fault.") var clear = false

    func validate() throws {
        if clear { return }
        guard let fault, ["timeout", "refused", "slowFirstByte", "wrongStatus"].contains(fault) else {
            throw ValidationError("fault must be timeout, refused, slowFirstByte or wrongStatus (or --clear)")
        }
    }

    func run() throws {
        let path = "/_lab/health-checks/\(pathSegment(id))/fault"
        if clear {
            try lab.client.send("DELETE", path, body: nil)
            print("\(id): fault lifted")
            return
        }
        try lab.client.send("POST", path, json: LabFaultRequest(fault: fault!, durationSeconds: duration))
        print("\(id): injecting \(fault!)\(duration.map { " for \(format($0))s" } ?? "")")
    }
}

/// `lab53 alarm NAME OK|ALARM|INSUFFICIENT_DATA`: the CloudWatch side channel (HC-10).
struct AlarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarm", abstract: "Set a lab CloudWatch alarm's state.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "The alarm name (AlarmIdentifier.Name).") var name: String
    @Argument(help: "OK, ALARM or INSUFFICIENT_DATA.") var state: String

    func run() throws {
        try lab.client.send("PUT", "/_lab/alarms/\(pathSegment(name))", json: LabStateRequest(state: state.uppercased()))
        print("alarm \(name): \(state.uppercased())")
    }
}
