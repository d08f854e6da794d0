import AWSProtocol
import DNSWire
import Foundation
import ZoneText

/// BIND zone-file text ↔ Route 53 record sets for `zones import` / `zones export`, through
/// libldns (ZoneText) so both directions use the same presentation format as the daemon.
enum ZoneFileText {
    /// RR-16: at most 1,000 ResourceRecord elements per request, UPSERT counting twice.
    static let recordsPerBatch = 500

    struct Batch {
        var request: XMLWriter
        var count: Int
    }

    /// Groups the file's records into record sets (name, type), skips the apex SOA and NS, and
    /// writes UPSERT batches within RR-16's limits.
    static func importBatches(path: String, origin: String) throws -> [Batch] {
        let originName: DomainName
        let records: [ResourceRecord]
        do {
            originName = try DomainName(origin)
            records = try ZoneFile.read(path: path, origin: originName)
        } catch {
            throw LabClient.Failure(description: "\(error)", exitCode: 1)
        }
        var order: [String] = []
        var groups: [String: (name: DomainName, type: RRType, ttl: UInt32, values: [String])] = [:]
        for record in records {
            if record.name == originName && (record.type == .soa || record.type == .ns) { continue }
            let key = "\(record.name.lowercased()) \(record.type)"
            let value: String
            do {
                value = try RDataText.format(type: record.type, rdata: record.rdata, escapeRadix: 8)
            } catch {
                throw LabClient.Failure(description: "\(path): \(record.name) \(record.type): \(error)", exitCode: 1)
            }
            if groups[key] == nil {
                order.append(key)
                groups[key] = (record.name.lowercased(), record.type, record.ttl, [])
            }
            // A record set has one TTL (RR-07): the smallest of the file's records wins.
            if var group = groups[key] {
                group.ttl = min(group.ttl, record.ttl)
                group.values.append(value)
                groups[key] = group
            }
        }
        var batches: [Batch] = []
        var pending: [(name: DomainName, type: RRType, ttl: UInt32, values: [String])] = []
        var pendingRecords = 0
        func flush() {
            guard !pending.isEmpty else { return }
            let sets = pending
            let request = XMLWriter.document("ChangeResourceRecordSetsRequest") { xml in
                xml.element("ChangeBatch") { xml in
                    xml.leaf("Comment", "lab53 zones import \(URL(fileURLWithPath: path).lastPathComponent)")
                    xml.element("Changes") { xml in
                        for set in sets {
                            xml.element("Change") { xml in
                                xml.leaf("Action", "UPSERT")
                                xml.element("ResourceRecordSet") { xml in
                                    xml.leaf("Name", set.name.route53Description)
                                    xml.leaf("Type", set.type.description)
                                    xml.leaf("TTL", String(set.ttl))
                                    xml.element("ResourceRecords") { xml in
                                        for value in set.values { xml.element("ResourceRecord") { xml in xml.leaf("Value", value) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            batches.append(Batch(request: request, count: sets.count))
            pending = []
            pendingRecords = 0
        }
        for key in order {
            guard let group = groups[key] else { continue }
            if pendingRecords + group.values.count > recordsPerBatch { flush() }
            pending.append(group)
            pendingRecords += group.values.count
        }
        flush()
        return batches
    }

    /// Record sets → zone-file text. Values are Route 53 presentation text (octal escapes);
    /// they are read back with libldns and written in BIND form.
    static func export(_ sets: [RecordSetView], zoneId: String) throws -> String {
        var lines = ["; hosted zone \(zoneId), exported by lab53"]
        for set in sets {
            guard let name = try? DomainName(set.name, escapeRadix: 8), let type = RRType(mnemonic: set.type) else {
                lines.append("; skipped \(set.name) \(set.type): not representable")
                continue
            }
            if let alias = set.alias {
                lines.append("; \(set.name) \(set.type) ALIAS \(alias)")
                continue
            }
            if set.setIdentifier != nil || set.routing != nil {
                lines.append("; \(set.name) \(set.type) [\(set.setIdentifier ?? "")] \(set.routing ?? "")\(set.healthCheckId.map { " HealthCheckId=\($0)" } ?? "")")
            }
            let ttl = UInt32(set.ttl ?? "") ?? 300
            for value in set.values {
                do {
                    let rdata = try RDataText.parse(type: type, text: value, escapeRadix: 8)
                    lines.append(RecordText.format(ResourceRecord(name: name, type: type, ttl: ttl, rdata: rdata)))
                } catch {
                    lines.append("; \(set.name) \(set.type) \(value): \(error)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
