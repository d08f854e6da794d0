import ArgumentParser
import AWSProtocol
import Foundation

/// `lab53 zones …`: hosted zones through the Route 53 API (issue 5 item 6).
struct ZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones", abstract: "List, show, create, delete, import and export hosted zones.",
        subcommands: [ZonesList.self, ZonesShow.self, ZonesCreate.self, ZonesDelete.self, ZonesImport.self, ZonesExport.self])
}

struct ZoneSummary: Encodable {
    var id: String
    var name: String
    var recordSetCount: String
    var privateZone: Bool
    var comment: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", recordSetCount = "ResourceRecordSetCount", privateZone = "PrivateZone", comment = "Comment"
    }

    init(_ node: XMLNode) {
        id = String((node.childText("Id") ?? "").dropFirst("/hostedzone/".count))
        name = node.childText("Name") ?? ""
        recordSetCount = node.childText("ResourceRecordSetCount") ?? "?"
        privateZone = node.descendant("Config", "PrivateZone")?.text == "true"
        comment = node.descendant("Config", "Comment")?.text
    }
}

struct ZonesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List hosted zones.")
    @OptionGroup var lab: LabOptions

    func run() throws {
        let zones = try Route53Client(lab: lab.client).zones().map(ZoneSummary.init)
        if lab.output == .json { return try printJSON(zones) }
        print(Table.render(header: ["ID", "NAME", "RECORD SETS", "PRIVATE", "COMMENT"],
                           rows: zones.map { [$0.id, $0.name, $0.recordSetCount, $0.privateZone ? "yes" : "no", $0.comment ?? "-"] }))
    }
}

struct ZonesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a hosted zone, its name servers and record sets.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String

    struct Shown: Encodable {
        var zone: ZoneSummary
        var nameServers: [String]
        var recordSets: [RecordSetView]
        enum CodingKeys: String, CodingKey { case zone = "HostedZone", nameServers = "NameServers", recordSets = "ResourceRecordSets" }
    }

    func run() throws {
        let client = Route53Client(lab: lab.client)
        let id = try client.zoneId(zone)
        let reply = try client.call("GET", "hostedzone/\(id)")
        let shown = Shown(zone: ZoneSummary(reply.child("HostedZone") ?? XMLNode(name: "HostedZone")),
                          nameServers: reply.descendant("DelegationSet", "NameServers")?.children("NameServer").map(\.text) ?? [],
                          recordSets: try client.recordSets(zoneId: id).map(RecordSetView.init))
        if lab.output == .json { return try printJSON(shown) }
        print("\(shown.zone.name)  \(shown.zone.id)  \(shown.zone.privateZone ? "private" : "public")  \(shown.zone.recordSetCount) record sets")
        if let comment = shown.zone.comment { print("comment: \(comment)") }
        if !shown.nameServers.isEmpty { print("name servers: \(shown.nameServers.joined(separator: " "))") }
        print(Table.render(header: RecordSetView.header, rows: shown.recordSets.flatMap(\.rows)))
    }
}

struct ZonesCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a public hosted zone.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone name.") var name: String
    @Option(help: "CallerReference (default: a new UUID).") var callerReference: String?
    @Option(help: "Comment.") var comment: String?

    func run() throws {
        let zone = try Self.create(Route53Client(lab: lab.client), name: name, callerReference: callerReference, comment: comment)
        if lab.output == .json { return try printJSON(zone) }
        print("created \(zone.name) \(zone.id)")
    }

    static func create(_ client: Route53Client, name: String, callerReference: String?, comment: String?) throws -> ZoneSummary {
        let request = XMLWriter.document("CreateHostedZoneRequest") { xml in
            xml.leaf("Name", name)
            xml.leaf("CallerReference", callerReference ?? UUID().uuidString)
            if let comment { xml.element("HostedZoneConfig") { xml in xml.leaf("Comment", comment) } }
        }
        let reply = try client.call("POST", "hostedzone", body: request)
        return ZoneSummary(reply.child("HostedZone") ?? XMLNode(name: "HostedZone"))
    }
}

struct ZonesDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an empty hosted zone (only SOA and NS left).")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String

    func run() throws {
        let client = Route53Client(lab: lab.client)
        let id = try client.zoneId(zone)
        _ = try client.call("DELETE", "hostedzone/\(id)")
        if lab.output == .json { return try printJSON(["Id": id, "Status": "deleted"]) }
        print("deleted \(id)")
    }
}

struct ZonesExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print a hosted zone in BIND zone-file format.",
        discussion: "Alias record sets have no zone-file form; they are written as comments. Policy record sets are written with a comment naming their SetIdentifier and policy.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String

    func run() throws {
        let client = Route53Client(lab: lab.client)
        let id = try client.zoneId(zone)
        let sets = try client.recordSets(zoneId: id).map(RecordSetView.init)
        print(try ZoneFileText.export(sets, zoneId: id))
    }
}

struct ZonesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a BIND zone file into a hosted zone (UPSERT per record set).",
        discussion: "As with a Route 53 import, the file's apex SOA and NS records are skipped: the zone keeps its own.")
    @OptionGroup var lab: LabOptions
    @Argument(help: "Zone ID or name.") var zone: String
    @Argument(help: "Zone file (BIND format).") var file: String
    @Flag(help: "Create the zone first when no zone has this name.") var create = false

    func run() throws {
        let client = Route53Client(lab: lab.client)
        let id: String
        do {
            id = try client.zoneId(zone)
        } catch let failure as LabClient.Failure where create && failure.description.hasPrefix("NoSuchHostedZone") {
            id = try ZonesCreate.create(client, name: zone, callerReference: nil, comment: nil).id
        }
        let name = try client.call("GET", "hostedzone/\(id)").descendant("HostedZone", "Name")?.text ?? zone
        let batches = try ZoneFileText.importBatches(path: file, origin: name)
        var total = 0
        for batch in batches {
            try client.change(zoneId: id, batch: batch.request)
            total += batch.count
        }
        if lab.output == .json { return try printJSON(["Id": id, "RecordSets": String(total)]) }
        print("imported \(total) record sets into \(name) (\(id))")
    }
}
