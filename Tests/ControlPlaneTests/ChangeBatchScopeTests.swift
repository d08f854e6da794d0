import ControlPlane
import DNSWire
import Route53Model
import Testing

/// A change batch validates only the record sets at the names it writes (API-20, `BatchOverlay`,
/// `ZoneValidator.setIssues`); these rows check that this gives exactly what validating the whole
/// zone gives: for a one-change batch, the whole-zone oracle is `ZoneValidator.validate` over the
/// zone with the new set appended, reporting what lands on that set plus RR-12.
@Suite("ChangeResourceRecordSets: name-scoped validation equals whole-zone validation (API-20)")
struct ChangeBatchScopeTests {
    static func fields(_ name: String, _ type: String = "A", ttl: Int64? = 60, values: [String] = ["192.0.2.9"],
                       id: String? = nil, routing: RoutingPolicy = .simple, alias: String? = nil) -> RecordSetFields {
        RecordSetFields(name: "\(name).lab.test", type: type, ttl: alias == nil ? ttl : nil, values: alias == nil ? values : [],
                        aliasTarget: alias.map { AliasTargetFields(hostedZoneId: "SELF", dnsName: "\($0).lab.test", evaluateTargetHealth: false) },
                        setIdentifier: id, routing: routing)
    }

    /// 40 unrelated names, a weighted pair, a failover pair, a CNAME, a multivalue set, an alias.
    static let zone: [RecordSetFields] = (0..<40).map { fields("f\($0)") } + [
        fields("w", id: "w1", routing: .weighted(weight: 1)), fields("w", id: "w2", routing: .weighted(weight: 2)),
        fields("fo", id: "p", routing: .failover(.primary)), fields("fo", id: "s", routing: .failover(.secondary)),
        fields("c", "CNAME", values: ["f1.lab.test"]), fields("mv", id: "m1", routing: .multivalue),
        fields("al", alias: "f2"),
    ]

    static let candidates: [(String, RecordSetFields)] = [
        ("CREATE", fields("c")),                                                        // RR-11: A beside CNAME
        ("CREATE", fields("f3", "CNAME", values: ["f1.lab.test"])),                     // RR-11: CNAME beside A
        ("UPSERT", fields("f4", "CNAME", values: ["f1.lab.test"])),
        ("CREATE", fields("w", ttl: 120, id: "w3", routing: .weighted(weight: 1))),     // RR-08: weighted TTL
        ("CREATE", fields("fo", id: "p2", routing: .failover(.primary))),              // RP-01: one PRIMARY
        ("CREATE", fields("w")),                                                        // RP-01: simple beside weighted
        ("CREATE", fields("fo", id: "x", routing: .weighted(weight: 1))),              // RP-01: mixing
        ("CREATE", fields("mv", id: "m2", routing: .multivalue)),                       // fine
        ("CREATE", fields("new")),                                                      // fine
        ("UPSERT", fields("f5", ttl: 30)),                                              // fine, in place
        ("CREATE", fields("x", alias: "nothing")),                                      // AL-04 (whole-zone path)
        ("CREATE", fields("f2", "AAAA", alias: "al")),                                  // AL-04: no AAAA at al
        ("UPSERT", fields("f6", "TXT", values: ["\"t\""])),                             // fine
    ]

    @Test("each one-change batch gets the whole-zone validator's answer", arguments: candidates.indices)
    func oneChange(_ index: Int) throws {
        let fixture = try Route53ServiceFixture()
        let zoneId = try fixture.labZone()
        let selfId = { (fields: RecordSetFields) -> RecordSetFields in
            var fields = fields
            if fields.aliasTarget != nil { fields.aliasTarget?.hostedZoneId = zoneId }
            return fields
        }
        _ = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: ChangeBatch(comment: nil, changes: Self.zone.map {
            .init(action: "CREATE", recordSet: selfId($0))
        }), actor: "t")
        let before = try fixture.service.hostedZone(id: zoneId).zone
        let (action, candidate) = Self.candidates[index]
        let set = try RecordSetText.recordSet(selfId(candidate))

        var oracle = before
        let existing = oracle.recordSets.firstIndex { $0.name == set.name && $0.type == set.type && $0.setIdentifier == set.setIdentifier }
        if let existing { oracle.recordSets.remove(at: existing) }
        oracle.recordSets.append(set)
        let last = oracle.recordSets.count - 1
        let expected = ZoneValidator.validate(oracle).filter { $0.recordSetIndex == nil || $0.recordSetIndex == last }.map { issue in
            var issue = issue
            if issue.code != Route53Error.invalidChangeBatch {
                issue.message = issue.message.replacingOccurrences(of: "Action=CREATE", with: "Action=\(action)")
            }
            return issue
        }
        let batch = ChangeBatch(comment: nil, changes: [.init(action: action, recordSet: selfId(candidate))])
        do {
            _ = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: batch, actor: "t")
            #expect(expected.isEmpty, "accepted; the whole-zone validator says \(expected.map(\.message))")
            let after = try fixture.service.hostedZone(id: zoneId).zone
            if let existing {
                #expect(after.recordSets[existing] == set, "an UPSERT keeps the set's position")
            } else {
                #expect(after.recordSets.last == set, "a new set goes last")
            }
            #expect(after.recordSets.count == before.recordSets.count + (existing == nil ? 1 : 0))
        } catch {
            let oracleError = try #require(Route53Error(issues: expected), "refused (\(error.message)); the whole-zone validator accepts")
            #expect(error.code == oracleError.code)
            #expect(error.message == oracleError.message)
            #expect(try fixture.service.hostedZone(id: zoneId).zone == before)
        }
    }

    @Test("a batch over many names keeps stored order: UPSERT in place, DELETE+CREATE at the end, deletes gone")
    func manyNames() throws {
        let fixture = try Route53ServiceFixture()
        let zoneId = try fixture.labZone()
        _ = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: ChangeBatch(comment: nil, changes: (0..<20).map {
            .init(action: "CREATE", recordSet: Self.fields("n\($0)"))
        }), actor: "t")
        let changes: [ChangeBatch.Change] = (0..<10).map { .init(action: "UPSERT", recordSet: Self.fields("n\($0)", ttl: 30)) }
            + [.init(action: "DELETE", recordSet: Self.fields("n12")), .init(action: "CREATE", recordSet: Self.fields("n12", ttl: 90)),
               .init(action: "DELETE", recordSet: Self.fields("n13")), .init(action: "CREATE", recordSet: Self.fields("m"))]
        _ = try fixture.service.changeResourceRecordSets(zoneId: zoneId, batch: ChangeBatch(comment: nil, changes: changes), actor: "t")
        let sets = try fixture.service.hostedZone(id: zoneId).zone.recordSets
        let names = sets.map { $0.name.route53Description }
        #expect(names == ["lab.test.", "lab.test.", "www.lab.test."] + (0..<20).filter { $0 != 12 && $0 != 13 }.map { "n\($0).lab.test." }
                + ["n12.lab.test.", "m.lab.test."])
        #expect(sets.filter { $0.ttl == 30 }.count == 10)
        #expect(sets.first { $0.name.route53Description == "n12.lab.test." }?.ttl == 90)
    }
}
