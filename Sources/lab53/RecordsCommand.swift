import ArgumentParser
import AWSProtocol
import Foundation

/// `lab53 records …`: record sets through ChangeResourceRecordSets / ListResourceRecordSets
/// (issue 5 item 6). Files use the aws CLI's change-batch JSON, so the same file works with
/// `aws route53 change-resource-record-sets --change-batch file://…`.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "List record sets, or change them from a Route 53 change-batch file.",
        subcommands: [RecordsList.self, RecordsApply.self, RecordsUpsert.self, RecordsDelete.self])
}

struct RecordsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the record sets of a hosted zone.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String

    func run() throws {
        let client = Route53Client(lab: lab.client)
        let sets = try client.recordSets(zoneId: try client.zoneId(zone)).map(RecordSetView.init)
        if lab.output == .json { return try printJSON(sets) }
        print(Table.render(header: RecordSetView.header, rows: sets.flatMap(\.rows)))
    }
}

/// Shared by apply / upsert / delete: sends the file's batch, reports the change.
struct RecordsChange {
    static func run(lab: LabOptions, zone: String, file: String, action: String?) throws {
        // The file first: a local mistake is reported without a round trip.
        let batch = try ChangeBatchFile(path: file)
        let request = try batch.request(action: action)
        let client = Route53Client(lab: lab.client)
        let id = try client.zoneId(zone)
        let change = try client.change(zoneId: id, batch: request)
        if lab.output == .json { return try printJSON(["ChangeId": change, "HostedZoneId": id, "Changes": String(batch.changes.count)]) }
        print("\(batch.changes.count) change(s) applied to \(id) (\(change)); answers already reflect them")
    }
}

struct RecordsApply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Apply a change batch as written (CREATE / DELETE / UPSERT per change).",
        discussion: "FILE is what `aws route53 change-resource-record-sets --change-batch` takes: {\"Comment\": …, \"Changes\": [{\"Action\": …, \"ResourceRecordSet\": {…}}]}. The batch is applied whole or not at all.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String
    @Argument(help: "Change-batch JSON file.") var file: String

    func run() throws { try RecordsChange.run(lab: lab, zone: zone, file: file, action: nil) }
}

struct RecordsUpsert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upsert", abstract: "UPSERT every record set of a change-batch file (or a list of ResourceRecordSets).")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String
    @Argument(help: "JSON file.") var file: String

    func run() throws { try RecordsChange.run(lab: lab, zone: zone, file: file, action: "UPSERT") }
}

struct RecordsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "DELETE every record set of a change-batch file (definitions must match exactly).")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String
    @Argument(help: "JSON file.") var file: String

    func run() throws { try RecordsChange.run(lab: lab, zone: zone, file: file, action: "DELETE") }
}
