import AWSProtocol
import Foundation

/// A Route 53 change batch in the aws CLI's JSON form (`{"Comment": …, "Changes": [{"Action": …,
/// "ResourceRecordSet": {…}}]}`), a bare list of `ResourceRecordSet`s, or `{"ResourceRecordSets": […]}`,
/// turned into the API's XML request (API-04). Keys are Route 53's own, so the translation is
/// generic: objects become elements, lists become repeated singular elements.
struct ChangeBatchFile {
    let comment: String?
    let changes: [(action: String?, recordSet: JSONValue)]

    /// The XML element name of one member of each list (API model).
    static let memberNames = ["Changes": "Change", "ResourceRecords": "ResourceRecord", "ResourceRecordSets": "ResourceRecordSet"]

    init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LabClient.Failure(description: "\(path): cannot read: \(error.localizedDescription)", exitCode: 1)
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw LabClient.Failure(description: "\(path): not JSON: \(error)", exitCode: 1)
        }
        switch value {
        case .array(let sets):
            comment = nil
            changes = sets.map { (nil, $0) }
        case .object(let object) where object["Changes"] != nil || object["ChangeBatch"] != nil:
            let batch = object["ChangeBatch"]?.object ?? object
            comment = batch["Comment"]?.string
            changes = (batch["Changes"]?.array ?? []).map { change in
                (change.object?["Action"]?.string, change.object?["ResourceRecordSet"] ?? .object([:]))
            }
        case .object(let object) where object["ResourceRecordSets"] != nil:
            comment = nil
            changes = (object["ResourceRecordSets"]?.array ?? []).map { (nil, $0) }
        default:
            throw LabClient.Failure(description: "\(path): expected a change batch ({\"Changes\": […]}) or a list of ResourceRecordSets", exitCode: 1)
        }
        if changes.isEmpty {
            throw LabClient.Failure(description: "\(path): no changes", exitCode: 1)
        }
    }

    /// The request document; `action` overrides every change's action (upsert/delete commands).
    func request(action override: String?) throws -> XMLWriter {
        for (index, change) in changes.enumerated() where override == nil && change.action == nil {
            throw LabClient.Failure(description: "change \(index + 1) has no Action; use `records upsert` or `records delete`", exitCode: 1)
        }
        return XMLWriter.document("ChangeResourceRecordSetsRequest") { xml in
            xml.element("ChangeBatch") { xml in
                if let comment { xml.leaf("Comment", comment) }
                xml.element("Changes") { xml in
                    for change in changes {
                        xml.element("Change") { xml in
                            xml.leaf("Action", override ?? change.action ?? "")
                            Self.write("ResourceRecordSet", change.recordSet, into: &xml)
                        }
                    }
                }
            }
        }
    }

    static func write(_ name: String, _ value: JSONValue, into xml: inout XMLWriter) {
        switch value {
        case .object(let members):
            xml.element(name) { xml in
                for (key, member) in members.sorted(by: { $0.key < $1.key }) { write(key, member, into: &xml) }
            }
        case .array(let items):
            let member = memberNames[name] ?? String(name.dropLast())
            xml.element(name) { xml in for item in items { write(member, item, into: &xml) } }
        case .string(let text): xml.leaf(name, text)
        case .number(let text): xml.leaf(name, text)
        case .bool(let flag): xml.leaf(name, flag ? "true" : "false")
        case .null: break
        }
    }
}

/// Any JSON value, numbers kept as written.
enum JSONValue: Decodable, Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in container.allKeys { members[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? single.decode(Int64.self) {
            self = .number(String(integer))
        } else if let real = try? single.decode(Double.self) {
            self = .number(String(real))
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
