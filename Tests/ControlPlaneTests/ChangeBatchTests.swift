import ControlPlane
import DNSWire
import LabStore
import Route53Model
import Foundation
import Testing

/// ChangeResourceRecordSets semantics, one row per batch (API-20, API-21, API-06, Q8–Q11), against
/// `lab.test.` holding `www A 192.0.2.1` (TTL 300). Each row also checks atomicity: after an error
/// the zone is exactly as before.
@Suite("ChangeResourceRecordSets: validated whole, applied atomically (API-20, API-21)")
struct ChangeBatchTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let label: String
        let changes: [(String, RecordSetFields)]
        /// nil: accepted.
        let code: String?
        let message: String?
        var testDescription: String { label }
    }

    static func a(_ name: String, _ value: String = "192.0.2.9", ttl: Int64 = 300) -> RecordSetFields {
        RecordSetFields(name: name, type: "A", ttl: ttl, values: [value])
    }

    static let rows: [Row] = [
        Row(label: "Q8 create existing", changes: [("CREATE", a("www.lab.test", "192.0.2.1"))], code: "InvalidChangeBatch",
            message: "[Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists]"),
        Row(label: "Q9 CNAME at apex", changes: [("CREATE", RecordSetFields(name: "lab.test", type: "CNAME", ttl: 60, values: ["x.example.net"]))],
            code: "InvalidChangeBatch", message: "[RRSet of type CNAME with DNS name lab.test. is not permitted at apex in zone lab.test.]"),
        Row(label: "Q10 delete with other TTL", changes: [("DELETE", a("www.lab.test", "192.0.2.1", ttl: 60))], code: "InvalidChangeBatch",
            message: "[Tried to delete resource record set [name='www.lab.test.', type='A'] but the values provided do not match the current values]"),
        Row(label: "delete missing", changes: [("DELETE", a("nope.lab.test"))], code: "InvalidChangeBatch",
            message: "[Tried to delete resource record set [name='nope.lab.test.', type='A'] but it was not found]"),
        Row(label: "Q11 atomic: first valid, second fails", changes: [("CREATE", a("ok.lab.test")), ("CREATE", a("www.lab.test"))],
            code: "InvalidChangeBatch", message: "[Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists]"),
        Row(label: "every problem reported (API-05)", changes: [("CREATE", a("www.lab.test")), ("DELETE", a("gone.lab.test"))],
            code: "InvalidChangeBatch",
            message: "[Tried to create resource record set [name='www.lab.test.', type='A'] but it already exists, Tried to delete resource record set [name='gone.lab.test.', type='A'] but it was not found]"),
        Row(label: "DELETE then CREATE replaces (API-20)", changes: [("DELETE", a("www.lab.test", "192.0.2.1")), ("CREATE", a("www.lab.test", "192.0.2.7"))],
            code: nil, message: nil),
        Row(label: "DELETE A then CREATE CNAME at the same name (RR-11)",
            changes: [("DELETE", a("www.lab.test", "192.0.2.1")), ("CREATE", RecordSetFields(name: "www.lab.test", type: "CNAME", ttl: 60, values: ["lab.test"]))],
            code: nil, message: nil),
        Row(label: "CNAME beside A", changes: [("CREATE", RecordSetFields(name: "www.lab.test", type: "CNAME", ttl: 60, values: ["lab.test"]))],
            code: "InvalidChangeBatch",
            message: "[RRSet of type CNAME with DNS name www.lab.test. is not permitted as it conflicts with other records with the same DNS name in zone lab.test.]"),
        Row(label: "UPSERT twice (API-20)", changes: [("UPSERT", a("new.lab.test")), ("UPSERT", a("new.lab.test", "192.0.2.8"))],
            code: "InvalidChangeBatch", message: "[The request contains an invalid set of changes for a resource record set 'A new.lab.test.']"),
        Row(label: "out of zone", changes: [("CREATE", a("www.other.test"))], code: "InvalidChangeBatch",
            message: "[RRSet with DNS name www.other.test. is not permitted in zone lab.test.]"),
        Row(label: "bad value (RR-15)", changes: [("CREATE", a("bad.lab.test", "300.1.1.1"))], code: "InvalidChangeBatch",
            message: "[Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '300.1.1.1'']"),
        Row(label: "bad action (API-06)", changes: [("REPLACE", a("x.lab.test"))], code: "InvalidInput",
            message: "Invalid XML ; cvc-enumeration-valid: Value 'REPLACE' is not facet-valid with respect to enumeration '[CREATE, DELETE, UPSERT]'. It must be a value from the enumeration."),
        Row(label: "no TTL (RR-07), UPSERT named in the message",
            changes: [("UPSERT", RecordSetFields(name: "x.lab.test", type: "A", values: ["192.0.2.1"]))], code: "InvalidInput",
            message: "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=UPSERT, Name=x.lab.test, Type=A, SetIdentifier=null]"),
        Row(label: "apex SOA delete (RR-12)",
            changes: [("DELETE", RecordSetFields(name: "lab.test", type: "SOA", ttl: 900, values: ["x. y. 1 2 3 4 5"]))], code: "InvalidChangeBatch",
            message: "[Tried to delete resource record set [name='lab.test.', type='SOA'] but the values provided do not match the current values]"),
        Row(label: "unknown health check (HC-12b)",
            changes: [("CREATE", RecordSetFields(name: "h.lab.test", type: "A", ttl: 60, values: ["192.0.2.1"], setIdentifier: "a",
                                                  routing: .weighted(weight: 1), healthCheckId: "0f0f0f0f-0000-4000-8000-000000000000"))],
            code: "NoSuchHealthCheck", message: "A health check with id 0f0f0f0f-0000-4000-8000-000000000000 does not exist."),
        Row(label: "alias at the apex to www (AL-01, Q14)",
            changes: [("CREATE", RecordSetFields(name: "lab.test", type: "A", aliasTarget: AliasTargetFields(hostedZoneId: "SELF", dnsName: "www.lab.test", evaluateTargetHealth: false)))],
            code: nil, message: nil),
    ]

    @Test(arguments: rows)
    func row(_ row: Row) throws {
        let fixture = try Route53ServiceFixture()
        let zoneId = try fixture.labZone()
        let before = try fixture.service.hostedZone(id: zoneId).zone
        let changes = row.changes.map { action, fields -> ChangeBatch.Change in
            var fields = fields
            if fields.aliasTarget?.hostedZoneId == "SELF" { fields.aliasTarget?.hostedZoneId = zoneId }
            return ChangeBatch.Change(action: action, recordSet: fields)
        }
        do {
            let info = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: ChangeBatch(comment: nil, changes: changes), actor: "t")
            #expect(row.code == nil, "accepted, expected \(row.code ?? "")")
            #expect(info.status == .pending)
            #expect(try fixture.service.change(id: info.record.id).status == .insync)
        } catch {
            #expect(error.code == row.code)
            #expect(error.message == row.message)
            #expect(try fixture.service.hostedZone(id: zoneId).zone == before, "a failed batch changed the zone")
        }
    }

    @Test("ListResourceRecordSets pages in reversed-label order with Next* pointing at the next page's first set (API-22)")
    func pagination() throws {
        let fixture = try Route53ServiceFixture()
        let zoneId = try fixture.labZone()
        let names = ["a", "b.a", "z", "*", "m.z", "c"].map { "\($0).lab.test" }
        _ = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: ChangeBatch(comment: nil, changes: names.map {
            .init(action: "CREATE", recordSet: Self.a($0))
        }), actor: "t")
        var seen: [String] = []
        var name: String?
        var type: String?
        while true {
            let page = try fixture.service.listResourceRecordSets(zoneId: zoneId, name: name, type: type, identifier: nil, maxItems: "3")
            seen += page.recordSets.map { "\($0.name.route53Description) \($0.type)" }
            guard page.isTruncated, let next = page.next else { break }
            name = next.name.route53Description
            type = next.type.description
            #expect(seen.count < 20)
        }
        #expect(seen == ["lab.test. NS", "lab.test. SOA", "\\052.lab.test. A", "a.lab.test. A", "b.a.lab.test. A", "c.lab.test. A",
                         "www.lab.test. A", "z.lab.test. A", "m.z.lab.test. A"])
    }

    @Test("tags: a full /hostedzone/ ID in the path is refused by length, a bare one works (API-02)")
    func tagIds() throws {
        let fixture = try Route53ServiceFixture()
        let zoneId = try fixture.labZone()
        try fixture.service.changeTags(type: "hostedzone", id: zoneId, add: [Tag(key: "env", value: "lab")], remove: [], actor: "t")
        #expect(try fixture.service.tags(type: "hostedzone", id: zoneId).2 == [Tag(key: "env", value: "lab")])
        let full = "/hostedzone/\(zoneId)"
        let error = #expect(throws: Route53Error.self) {
            try fixture.service.changeTags(type: "hostedzone", id: full, add: [Tag(key: "a", value: "b")], remove: [], actor: "t")
        }
        #expect(error?.message == "1 validation error detected: Value '\(full)' at 'resourceId' failed to satisfy constraint: Member must have length less than or equal to 32")
    }

    @Test("a restart on the same store restores every acknowledged write (issue 4 item 4)")
    func persistence() throws {
        let directory = DaemonlessTemporaryDirectory()
        defer { directory.remove() }
        let zoneId: String
        do {
            let fixture = try Route53ServiceFixture(store: try StateStore(directory: directory.path))
            zoneId = try fixture.labZone()
            _ = try fixture.service.createHealthCheck(callerReference: "hc", config: HealthCheckConfig(type: .tcp, ipAddress: "127.0.0.1", port: 9),
                                                      actor: "t")
        }
        let reopened = try Route53ServiceFixture(store: try StateStore(directory: directory.path))
        let zone = try reopened.service.hostedZone(id: zoneId).zone
        #expect(zone.recordSets.map { "\($0.name) \($0.type)" } == ["lab.test. NS", "lab.test. SOA", "www.lab.test. A"])
        #expect(reopened.service.healthChecks.map(\.callerReference) == ["hc"])
        #expect(reopened.publisher.store.current.snapshot.generation > 0)
    }
}

/// A unique directory path under the temporary directory, removed by `remove()`.
struct DaemonlessTemporaryDirectory {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab53-cp-\(UUID().uuidString)").path
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
