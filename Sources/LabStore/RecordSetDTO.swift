import DNSWire
import Foundation
import Route53Model

/// The `body` column of `record_set`: everything of a `ResourceRecordSet` except its key columns
/// (name, type, set identifier), which are real columns so the key can be indexed.
struct RecordSetDTO: Codable {
    var ttl: UInt32?
    var records: [RecordValueDTO]
    var aliasTarget: AliasTargetDTO?
    var routing: RoutingPolicyDTO
    var healthCheckId: String?

    init(_ set: ResourceRecordSet) {
        ttl = set.ttl
        records = set.records.map(RecordValueDTO.init)
        aliasTarget = set.aliasTarget.map(AliasTargetDTO.init)
        routing = RoutingPolicyDTO(set.routing)
        healthCheckId = set.healthCheckId
    }

    func model(name: DomainName, type: RRType, setIdentifier: String?) throws -> ResourceRecordSet {
        ResourceRecordSet(name: name, type: type, ttl: ttl, records: records.map(\.model),
                          aliasTarget: try aliasTarget?.model(), setIdentifier: setIdentifier,
                          routing: try routing.model(), healthCheckId: healthCheckId)
    }
}

/// Both the text as Route 53 echoes it and the RDATA: the text is not re-derived from the bytes
/// because the API echoes exactly what was submitted.
struct RecordValueDTO: Codable {
    var text: String
    var rdata: Data

    init(_ value: RecordValue) {
        text = value.text
        rdata = Data(value.rdata)
    }

    var model: RecordValue { RecordValue(text: text, rdata: [UInt8](rdata)) }
}

struct AliasTargetDTO: Codable {
    var hostedZoneId: String
    var dnsName: Data
    var evaluateTargetHealth: Bool

    init(_ target: AliasTarget) {
        hostedZoneId = target.hostedZoneId
        dnsName = Data(target.dnsName.wire)
        evaluateTargetHealth = target.evaluateTargetHealth
    }

    func model() throws -> AliasTarget {
        AliasTarget(hostedZoneId: hostedZoneId, dnsName: try RowCoding.name(dnsName), evaluateTargetHealth: evaluateTargetHealth)
    }
}
