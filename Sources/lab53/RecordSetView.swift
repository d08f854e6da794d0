import AWSProtocol

/// One `ResourceRecordSet` element of a Route 53 response, as the CLI shows it.
struct RecordSetView: Encodable {
    var name: String
    var type: String
    var ttl: String?
    var values: [String]
    var alias: String?
    var setIdentifier: String?
    /// `Weight=10`, `Failover=PRIMARY`, `MultiValueAnswer`, `Region=…`, `GeoLocation=…`.
    var routing: String?
    var healthCheckId: String?

    enum CodingKeys: String, CodingKey {
        case name = "Name", type = "Type", ttl = "TTL", values = "Values", alias = "AliasTarget"
        case setIdentifier = "SetIdentifier", routing = "Routing", healthCheckId = "HealthCheckId"
    }

    init(_ node: XMLNode) {
        name = node.childText("Name") ?? ""
        type = node.childText("Type") ?? ""
        ttl = node.childText("TTL")
        values = node.child("ResourceRecords")?.children("ResourceRecord").compactMap { $0.childText("Value") } ?? []
        if let target = node.child("AliasTarget") {
            let evaluate = target.childText("EvaluateTargetHealth") == "true" ? " (evaluate target health)" : ""
            alias = "\(target.childText("DNSName") ?? "") in \(target.childText("HostedZoneId") ?? "")\(evaluate)"
        }
        setIdentifier = node.childText("SetIdentifier")
        if let weight = node.childText("Weight") {
            routing = "Weight=\(weight)"
        } else if let role = node.childText("Failover") {
            routing = "Failover=\(role)"
        } else if node.childText("MultiValueAnswer") == "true" {
            routing = "MultiValueAnswer"
        } else if let region = node.childText("Region") {
            routing = "Region=\(region)"
        } else if let geo = node.child("GeoLocation") {
            routing = "GeoLocation=" + ["ContinentCode", "CountryCode", "SubdivisionCode"].compactMap { geo.childText($0) }.joined(separator: "-")
        } else if node.child("GeoProximityLocation") != nil {
            routing = "GeoProximity"
        } else if let cidr = node.child("CidrRoutingConfig") {
            routing = "Cidr=\(cidr.childText("LocationName") ?? "")"
        }
        healthCheckId = node.childText("HealthCheckId")
    }

    /// Table rows: one per value (alias sets: one row with the target).
    var rows: [[String]] {
        let policy = [setIdentifier.map { "[\($0)]" }, routing].compactMap { $0 }.joined(separator: " ")
        let check = healthCheckId ?? "-"
        if let alias {
            return [[name, type, "-", policy.isEmpty ? "-" : policy, check, "ALIAS " + alias]]
        }
        return values.map { [name, type, ttl ?? "-", policy.isEmpty ? "-" : policy, check, $0] }
    }

    static let header = ["NAME", "TYPE", "TTL", "ROUTING", "HEALTH CHECK", "VALUE"]
}
