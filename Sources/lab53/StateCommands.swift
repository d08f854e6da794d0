import ArgumentParser
import Foundation
import Route53Model

/// `lab53 reset`: back to the configuration's seed state — every API-created zone, record, health
/// check, delegation set and tag deleted, drill states cleared (issue 4 item 4; for CI).
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Return the daemon to the seed state of its configuration file.",
        discussion: "Deletes everything created through the Route 53 API and clears drill states; the change history is kept.")

    @OptionGroup var lab: LabOptions

    func run() throws {
        let data = try lab.client.send("POST", "/_lab/reset", body: nil)
        let summary = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
        if lab.output == .json { return try printJSON(summary) }
        print("reset: \(summary["HostedZones"] ?? "?") hosted zones, \(summary["HealthChecks"] ?? "?") health checks (from the configuration)")
    }
}

/// `lab53 history [--zone ID] [--limit N]`: the change log — who changed what, when (the
/// CloudTrail analogue).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show the change history, newest first.")

    @OptionGroup var lab: LabOptions
    @Option(help: "Only changes of this hosted zone (ID).") var zone: String?
    @Option(help: "At most this many entries.") var limit: Int = 50

    func run() throws {
        var query = "?limit=\(limit)"
        if let zone { query += "&zone=\(pathSegment(zone))" }
        let changes = try lab.client.get("/_lab/history\(query)", as: [LabChange].self)
        if lab.output == .json { return try printJSON(changes) }
        print(Table.render(header: ["TIME", "CHANGE", "OPERATION", "ACTOR", "ZONE", "DETAIL"],
                           rows: changes.map { [$0.submittedAt, $0.id, $0.operation, $0.actor, $0.hostedZoneId ?? "-", $0.detail] }))
    }
}
