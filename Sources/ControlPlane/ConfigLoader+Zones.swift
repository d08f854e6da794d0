import DNSWire
import Route53Model
import Yams
import ZoneText

extension ConfigLoader {
    static let zoneKeys = ["Name", "Id", "CallerReference", "Comment", "PrivateZone", "ZoneFile", "ResourceRecordSets"]

    /// A zone created from its own keys, waiting for its record sets (which may alias by zone name,
    /// so every zone's ID must be known first).
    struct PendingZone {
        var zone: HostedZone
        var fields: YAMLFields
    }

    /// `HostedZones`: pass 1 creates every zone (ID, name servers, apex NS/SOA, HZ-01…HZ-12), pass 2
    /// adds the zone file and the `ResourceRecordSets` and validates each zone as a whole.
    static func decodeZones(_ items: [(node: Node, path: String)], seed: UInt64, context: LoadContext) -> [HostedZone] {
        var pending: [PendingZone] = []
        for item in items {
            guard let fields = context.reader.mapping(item.node, path: item.path, allowed: zoneKeys),
                  let zone = makeZone(fields, seed: seed, existing: pending.map(\.zone)) else { continue }
            pending.append(PendingZone(zone: zone, fields: fields))
        }
        let created = pending.map(\.zone)
        return pending.map { populate($0, allZones: created, context: context) }
    }

    /// The zone-level keys of one `HostedZones` entry.
    static func makeZone(_ fields: YAMLFields, seed: UInt64, existing: [HostedZone]) -> HostedZone? {
        let before = fields.reader.problems.count
        guard let nameText = fields.string("Name", required: true) else { return nil }
        let name: DomainName
        do {
            name = try HostedZoneFactory.zoneName(nameText)
        } catch {
            fields.report("Name", error.message)
            return nil
        }
        let id = fields.string("Id")
        if let id {
            if !HostedZoneFactory.isValidZoneId(id) {
                fields.report("Id", "\(id) is not a hosted zone ID (Z followed by 1 to 31 upper-case letters or digits, HZ-18)")
            } else if existing.contains(where: { $0.id == id }) {
                fields.report("Id", "\(id) is already the ID of another hosted zone")
            }
        }
        let explicitReference = fields.string("CallerReference")
        // Default: the zone name, so a config gives the same zone on every start.
        let callerReference = explicitReference ?? name.description
        if !(1...128).contains(callerReference.count) {
            fields.report("CallerReference", "\(callerReference) must be 1 to 128 characters long (HZ-11)")
        } else if existing.contains(where: { $0.callerReference == callerReference }) {
            if explicitReference != nil {
                fields.report("CallerReference", "\(callerReference) is already the CallerReference of another hosted zone (HZ-11)")
            } else {
                fields.report("Name", "another hosted zone is named \(name); give each of them a distinct CallerReference (HZ-11)")
            }
        }
        let comment = fields.string("Comment")
        if let comment, comment.count > 256 {
            fields.report("Comment", "is \(comment.count) characters long; at most 256 are allowed (HZ-12)")
        }
        let isPrivate = fields.bool("PrivateZone") ?? false
        guard fields.reader.problems.count == before else { return nil }
        do {
            return try HostedZoneFactory.makeZone(name: name, callerReference: callerReference, comment: comment,
                                                  isPrivate: isPrivate, id: id, existing: existing, seed: seed)
        } catch {
            fields.reader.report(line: fields.line, path: fields.path, "\(error.code): \(error.message)")
            return nil
        }
    }

    /// Pass 2 for one zone: zone file first, then `ResourceRecordSets`, then `ZoneValidator`.
    /// An apex NS or SOA in `ResourceRecordSets` replaces the generated one, as an UPSERT would (RR-12).
    static func populate(_ pending: PendingZone, allZones: [HostedZone], context: LoadContext) -> HostedZone {
        var zone = pending.zone
        let fields = pending.fields
        var sources = RecordSetSources(generated: zone.recordSets.count)
        // The generated apex sets come first; only they can be replaced below (a zone file may add
        // a million sets after them, which the scan must not walk per entry, issue 6).
        let generatedCount = zone.recordSets.count
        if let file = fields.string("ZoneFile") {
            var imported = importZoneFile(file, zone: zone.name, fields: fields, context: context)
            sources.appendZoneFile(.zoneFile(path: fields.path("ZoneFile"), line: fields.line("ZoneFile")), count: imported.count)
            // The generated sets go in front of the imported ones, which move: appending copied
            // (retained and later released) a million sets (issue 6, scale).
            imported.insert(contentsOf: zone.recordSets, at: 0)
            zone.recordSets = imported
        }
        for item in fields.sequence("ResourceRecordSets") ?? [] {
            guard let entry = decodeRecordSet(item.node, path: item.path, zone: zone, allZones: allZones, context: context) else { continue }
            let set = entry.set
            let generatedApex = zone.recordSets.indices.prefix(generatedCount).first {
                sources[$0] == .generated && zone.recordSets[$0].name == set.name && zone.recordSets[$0].type == set.type
            }
            if let index = generatedApex, set.setIdentifier == nil, !set.isAlias {
                zone.recordSets[index] = set
                sources[index] = .entry(entry.location)
            } else {
                zone.recordSets.append(set)
                sources.append(.entry(entry.location))
            }
        }
        for issue in ZoneValidator.validate(zone) {
            report(issue, sources: sources, zoneFields: fields)
        }
        return zone
    }

    /// Reads `ZoneFile` (relative to the config file) with the zone's name as origin.
    static func importZoneFile(_ file: String, zone: DomainName, fields: YAMLFields, context: LoadContext) -> [ResourceRecordSet] {
        let path = resolve(file, against: context.baseDirectory)
        do {
            let records = try ZoneFile.read(path: path, origin: zone)
            return try HostedZoneFactory.recordSets(fromZoneFile: records, zone: zone)
        } catch let error as ZoneTextError {
            fields.report("ZoneFile", "\(error)")
        } catch let failure as ValidationFailure {
            for issue in failure.issues {
                fields.report("ZoneFile", "\(file): \(issue.explained)")
            }
        } catch {
            fields.report("ZoneFile", "\(file): \(error)")
        }
        return []
    }

    /// A `ZoneValidator` issue, reported at the input that produced the record set.
    static func report(_ issue: ValidationIssue, sources: RecordSetSources, zoneFields: YAMLFields) {
        let reader = zoneFields.reader
        guard let index = issue.recordSetIndex, index < sources.count else {
            reader.report(line: zoneFields.line, path: zoneFields.path, issue.explained)
            return
        }
        switch sources[index] {
        case .generated:
            reader.report(line: zoneFields.line, path: zoneFields.path, issue.explained)
        case .zoneFile(let path, let line):
            reader.report(line: line, path: path, issue.explained)
        case .entry(let location):
            let path = issue.field.map { "\(location.path).\($0)" } ?? location.path
            reader.report(line: location.line(for: issue.field), path: path, issue.explained)
        }
    }
}

/// Where each record set of a configured zone came from, by index: the generated apex sets, then
/// a zone file's sets (one shared source for the whole run: a copy per set was a million string
/// retains, issue 6, scale), then the `ResourceRecordSets` entries.
struct RecordSetSources {
    private var head: [RecordSetSource]
    private var file: RecordSetSource?
    private var fileCount = 0
    private var tail: [RecordSetSource] = []

    init(generated count: Int) {
        head = Array(repeating: .generated, count: count)
    }

    var count: Int { head.count + fileCount + tail.count }

    /// Only the generated sets and the entries can be replaced.
    subscript(index: Int) -> RecordSetSource {
        get {
            if index < head.count { return head[index] }
            if index < head.count + fileCount, let file { return file }
            return tail[index - head.count - fileCount]
        }
        set {
            if index < head.count {
                head[index] = newValue
            } else {
                precondition(index >= head.count + fileCount, "a zone file's sets share one source")
                tail[index - head.count - fileCount] = newValue
            }
        }
    }

    /// `count` sets from one zone file; before any entry.
    mutating func appendZoneFile(_ source: RecordSetSource, count: Int) {
        precondition(tail.isEmpty && file == nil, "one zone file, before the entries")
        file = source
        fileCount = count
    }

    mutating func append(_ source: RecordSetSource) {
        tail.append(source)
    }
}

/// Where a record set of a configured zone came from, to locate validation problems.
enum RecordSetSource: Equatable {
    /// The apex NS/SOA made with the zone.
    case generated
    case zoneFile(path: String, line: Int?)
    case entry(RecordSetLocation)
}

/// A `ResourceRecordSets` entry's key path and the lines of its fields.
struct RecordSetLocation: Equatable {
    var path: String
    var line: Int?
    /// Lines by Route 53 field path (`TTL`, `ResourceRecords[1].Value`, `AliasTarget.DNSName`).
    var fieldLines: [String: Int]

    /// The line of `field`, or of its nearest enclosing field, or of the entry.
    func line(for field: String?) -> Int? {
        var candidate = field
        while let current = candidate {
            if let line = fieldLines[current] { return line }
            if let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) {
                candidate = String(current[..<cut])
            } else {
                candidate = nil
            }
        }
        return line
    }
}
