import Route53Model
import Testing

/// One row per HealthCheckValidator rule: a config and every issue expected, as `field: message`
/// (`-` for a config-wide issue), in the order the validator reports them.
struct HealthCheckRow: Sendable, CustomTestStringConvertible {
    var rule: String
    var config: HealthCheckConfig
    var id: String? = "check"
    var minimumInterval = HealthCheckValidator.apiMinimumInterval
    var expected: [String]
    var testDescription: String { rule }
}

/// Checks the CALCULATED rows can name.
private let existingChecks = [
    HealthCheck(id: "web", callerReference: "web", config: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1")),
    HealthCheck(id: "db", callerReference: "db", config: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.2", port: 5432)),
    HealthCheck(id: "both", callerReference: "both", config: HealthCheckConfig(type: .calculated, healthThreshold: 2, childHealthChecks: ["web", "db"])),
]

private func http(_ type: HealthCheckType = .http, ip: String? = "192.0.2.1", port: Int? = nil, fqdn: String? = nil,
                  search: String? = nil, interval: Double = 30, threshold: Int = 3, regions: [String] = HealthCheckConfig.allRegions,
                  path: String? = nil) -> HealthCheckConfig {
    HealthCheckConfig(type: type, ipAddress: ip, port: port, resourcePath: path, fullyQualifiedDomainName: fqdn, searchString: search,
                      requestInterval: interval, failureThreshold: threshold, regions: regions)
}

private let invalid = "Invalid parameter : "
private let long256 = String(repeating: "a", count: 256)

let healthCheckRows: [HealthCheckRow] = [
    // Valid configurations: no issue at all.
    HealthCheckRow(rule: "HTTP by IP", config: http(), expected: []),
    HealthCheckRow(rule: "HTTPS by FQDN", config: http(.https, ip: nil, fqdn: "www.example.com"), expected: []),
    HealthCheckRow(rule: "HTTP_STR_MATCH with SearchString", config: http(.httpStrMatch, search: "ok"), expected: []),
    HealthCheckRow(rule: "TCP with Port", config: http(.tcp, port: 22), expected: []),
    HealthCheckRow(rule: "IPv6 address", config: http(ip: "2001:db8::1"), expected: []),
    HealthCheckRow(rule: "RequestInterval 10", config: http(interval: 10), expected: []),
    HealthCheckRow(rule: "three regions", config: http(regions: ["us-east-1", "eu-west-1", "sa-east-1"]), expected: []),
    HealthCheckRow(rule: "CALCULATED with existing endpoint children",
                   config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: ["web", "db"]), expected: []),
    HealthCheckRow(rule: "HC-09 threshold 0 and no children",
                   config: HealthCheckConfig(type: .calculated, healthThreshold: 0), expected: []),
    HealthCheckRow(rule: "CLOUDWATCH_METRIC with alarm",
                   config: HealthCheckConfig(type: .cloudwatchMetric, alarmIdentifier: AlarmIdentifier(region: "us-east-1", name: "cpu"),
                                             insufficientDataHealthStatus: .lastKnownStatus), expected: []),
    HealthCheckRow(rule: "RECOVERY_CONTROL with ARN",
                   config: HealthCheckConfig(type: .recoveryControl, routingControlArn: "arn:aws:route53-recovery-control::1:controlpanel/x"),
                   expected: []),
    // HC-01 required fields per type.
    HealthCheckRow(rule: "HC-01 endpoint needs IPAddress or FQDN", config: http(ip: nil),
                   expected: ["-: \(invalid)HTTP health checks must have IPAddress or FullyQualifiedDomainName specified."]),
    HealthCheckRow(rule: "HC-01 TCP needs Port", config: http(.tcp),
                   expected: ["-: \(invalid)TCP health checks must have Port specified."]),
    HealthCheckRow(rule: "HC-02 TCP by IP refuses FQDN [O]", config: http(.tcp, port: 22, fqdn: "db.example.com"),
                   expected: ["FullyQualifiedDomainName: TCP health checks that have IP address must not have a fully qualified domain name specified."]),
    HealthCheckRow(rule: "HC-01 STR_MATCH needs SearchString", config: http(.httpsStrMatch),
                   expected: ["-: \(invalid)HTTPS_STR_MATCH health checks must have SearchString specified."]),
    HealthCheckRow(rule: "HC-01 SearchString only for STR_MATCH", config: http(search: "ok"),
                   expected: ["SearchString: \(invalid)HTTP health checks must not have SearchString specified."]),
    HealthCheckRow(rule: "HC-09 CALCULATED needs HealthThreshold [O]",
                   config: HealthCheckConfig(type: .calculated, childHealthChecks: ["web"]),
                   expected: ["-: \(invalid)Calculated health checks must have a health threshold specified."]),
    HealthCheckRow(rule: "HC-09 CALCULATED refuses endpoint fields",
                   config: HealthCheckConfig(type: .calculated, ipAddress: "192.0.2.1", port: 80, healthThreshold: 1, childHealthChecks: ["web"]),
                   expected: ["IPAddress: \(invalid)CALCULATED health checks must not have IPAddress specified.",
                              "Port: \(invalid)CALCULATED health checks must not have Port specified."]),
    HealthCheckRow(rule: "HC-09 HealthThreshold and children only for CALCULATED",
                   config: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.1", port: 1, healthThreshold: 1, childHealthChecks: ["web"]),
                   expected: ["HealthThreshold: \(invalid)TCP health checks must not have HealthThreshold specified.",
                              "ChildHealthChecks: \(invalid)TCP health checks must not have ChildHealthChecks specified."]),
    HealthCheckRow(rule: "HC-10 CLOUDWATCH_METRIC needs AlarmIdentifier", config: HealthCheckConfig(type: .cloudwatchMetric),
                   expected: ["-: \(invalid)CLOUDWATCH_METRIC health checks must have AlarmIdentifier specified."]),
    HealthCheckRow(rule: "HC-10 AlarmIdentifier on an endpoint check [O]",
                   config: HealthCheckConfig(type: .tcp, ipAddress: "192.0.2.1", port: 1, alarmIdentifier: AlarmIdentifier(region: "us-east-1", name: "a")),
                   expected: ["AlarmIdentifier: Invalid parameter : Basic health checks must not have an metric region specified."]),
    HealthCheckRow(rule: "HC-10 InsufficientDataHealthStatus only for CLOUDWATCH_METRIC",
                   config: HealthCheckConfig(type: .http, ipAddress: "192.0.2.1", insufficientDataHealthStatus: .healthy),
                   expected: ["InsufficientDataHealthStatus: \(invalid)HTTP health checks must not have InsufficientDataHealthStatus specified."]),
    HealthCheckRow(rule: "HC-10 alarm Region and Name",
                   config: HealthCheckConfig(type: .cloudwatchMetric, alarmIdentifier: AlarmIdentifier(region: "mars-1", name: "")),
                   expected: ["AlarmIdentifier.Region: Invalid XML ; cvc-enumeration-valid: Value 'mars-1' is not facet-valid with respect to enumeration '[\(RecordSetValidator.regions.joined(separator: ", "))]'. It must be a value from the enumeration.",
                              "AlarmIdentifier.Name: Invalid XML ; cvc-minLength-valid: Value '' with length = '0' is not facet-valid with respect to minLength '1' for type 'AlarmName'."]),
    HealthCheckRow(rule: "RECOVERY_CONTROL needs RoutingControlArn", config: HealthCheckConfig(type: .recoveryControl),
                   expected: ["-: \(invalid)RECOVERY_CONTROL health checks must have RoutingControlArn specified."]),
    // HC-02 ranges and lengths.
    HealthCheckRow(rule: "HC-02 Port 0", config: http(port: 0),
                   expected: ["Port: Invalid XML ; cvc-minInclusive-valid: Value '0' is not facet-valid with respect to minInclusive '1' for type 'Port'."]),
    HealthCheckRow(rule: "HC-02 Port 65536", config: http(port: 65536),
                   expected: ["Port: Invalid XML ; cvc-maxInclusive-valid: Value '65536' is not facet-valid with respect to maxInclusive '65535' for type 'Port'."]),
    HealthCheckRow(rule: "HC-06 FailureThreshold 0", config: http(threshold: 0),
                   expected: ["FailureThreshold: Invalid XML ; cvc-minInclusive-valid: Value '0' is not facet-valid with respect to minInclusive '1' for type 'FailureThreshold'."]),
    HealthCheckRow(rule: "HC-06 FailureThreshold 11", config: http(threshold: 11),
                   expected: ["FailureThreshold: Invalid XML ; cvc-maxInclusive-valid: Value '11' is not facet-valid with respect to maxInclusive '10' for type 'FailureThreshold'."]),
    HealthCheckRow(rule: "HC-09 HealthThreshold 257",
                   config: HealthCheckConfig(type: .calculated, healthThreshold: 257, childHealthChecks: ["web"]),
                   expected: ["HealthThreshold: Invalid XML ; cvc-maxInclusive-valid: Value '257' is not facet-valid with respect to maxInclusive '256' for type 'HealthThreshold'."]),
    HealthCheckRow(rule: "HC-02 ResourcePath longer than 255", config: http(path: "/" + String(repeating: "p", count: 255)),
                   expected: ["ResourcePath: Invalid XML ; cvc-maxLength-valid: Value '/\(String(repeating: "p", count: 255))' with length = '256' is not facet-valid with respect to maxLength '255' for type 'ResourcePath'."]),
    HealthCheckRow(rule: "HC-02 FQDN longer than 255", config: http(ip: nil, fqdn: long256),
                   expected: ["FullyQualifiedDomainName: Invalid XML ; cvc-maxLength-valid: Value '\(long256)' with length = '256' is not facet-valid with respect to maxLength '255' for type 'FullyQualifiedDomainName'."]),
    HealthCheckRow(rule: "HC-02 SearchString longer than 255", config: http(.httpStrMatch, search: long256),
                   expected: ["SearchString: Invalid XML ; cvc-maxLength-valid: Value '\(long256)' with length = '256' is not facet-valid with respect to maxLength '255' for type 'SearchString'."]),
    HealthCheckRow(rule: "HC-02 IPAddress not an address", config: http(ip: "192.0.2.300"),
                   expected: ["IPAddress: \(invalid)192.0.2.300 is not a valid IPv4 or IPv6 address."]),
    HealthCheckRow(rule: "HC-02 IPAddress longer than 45", config: http(ip: String(repeating: "1", count: 46)),
                   expected: ["IPAddress: Invalid XML ; cvc-maxLength-valid: Value '\(String(repeating: "1", count: 46))' with length = '46' is not facet-valid with respect to maxLength '45' for type 'IPAddress'."]),
    // HC-02/HC-05 RequestInterval: Route 53's 10 and 30, the lab minimum below 10.
    HealthCheckRow(rule: "interval 1 through the API (lab)", config: http(interval: 1), expected: []),
    HealthCheckRow(rule: "interval 0.5 through the API", config: http(interval: 0.5),
                   expected: ["RequestInterval: \(invalid)Request interval 0.5 is not supported; specify 10 or 30 seconds. (Route 53 accepts 10 or 30; as a lab extension Lab53 also accepts 1 to 10 seconds here)"]),
    HealthCheckRow(rule: "interval 0.1 in config files (lab)", config: http(interval: 0.1),
                   minimumInterval: HealthCheckValidator.configMinimumInterval, expected: []),
    HealthCheckRow(rule: "interval 0.05 in config files", config: http(interval: 0.05), minimumInterval: HealthCheckValidator.configMinimumInterval,
                   expected: ["RequestInterval: \(invalid)Request interval 0.05 is not supported; specify 10 or 30 seconds. (Route 53 accepts 10 or 30; as a lab extension Lab53 also accepts 0.1 to 10 seconds here)"]),
    HealthCheckRow(rule: "interval 15 is refused as Route 53 does", config: http(interval: 15),
                   expected: ["RequestInterval: \(invalid)Request interval 15 is not supported; specify 10 or 30 seconds. (Route 53 accepts 10 or 30; as a lab extension Lab53 also accepts 1 to 10 seconds here)"]),
    HealthCheckRow(rule: "Route 53 alone: interval 5", config: http(interval: 5), minimumInterval: 10,
                   expected: ["RequestInterval: \(invalid)Request interval 5 is not supported; specify 10 or 30 seconds."]),
    // HC-04 regions.
    HealthCheckRow(rule: "HC-04 two regions", config: http(regions: ["us-east-1", "eu-west-1"]),
                   expected: ["Regions: \(invalid)At least 3 regions must be specified; 2 were specified."]),
    HealthCheckRow(rule: "HC-04 region outside the eight", config: http(regions: ["us-east-1", "eu-west-1", "eu-central-1"]),
                   expected: ["Regions[2]: Invalid XML ; cvc-enumeration-valid: Value 'eu-central-1' is not facet-valid with respect to enumeration '[us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1]'. It must be a value from the enumeration."]),
    HealthCheckRow(rule: "HC-04 region repeated", config: http(regions: ["us-east-1", "eu-west-1", "us-east-1", "sa-east-1"]),
                   expected: ["Regions[2]: \(invalid)Region us-east-1 is listed more than once."]),
    // HC-09 children (sorted by the model: both < db < web).
    HealthCheckRow(rule: "HC-09 child missing", config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: ["web", "nope"]),
                   expected: ["ChildHealthChecks[0]: \(invalid)Child health check nope does not exist."]),
    HealthCheckRow(rule: "HC-09 child is CALCULATED", config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: ["web", "both"]),
                   expected: ["ChildHealthChecks[0]: \(invalid)Child health check both is a CALCULATED health check; calculated health checks cannot be children."]),
    HealthCheckRow(rule: "HC-09 self reference", config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: ["check", "web"]),
                   expected: ["ChildHealthChecks[0]: \(invalid)Health check check cannot be its own child health check."]),
    HealthCheckRow(rule: "HC-09 child repeated", config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: ["web", "db", "web"]),
                   expected: ["ChildHealthChecks[2]: \(invalid)Child health check web is listed more than once."]),
    HealthCheckRow(rule: "HC-09 at most 256 children",
                   config: HealthCheckConfig(type: .calculated, healthThreshold: 1, childHealthChecks: Array(repeating: "web", count: 1) + (0..<256).map { "c\($0)" }),
                   expected: ["ChildHealthChecks: \(invalid)A calculated health check can have at most 256 child health checks; 257 were specified."]),
]

@Suite("HealthCheckValidator (HC-01, HC-02, HC-04, HC-09, HC-10)")
struct HealthCheckValidatorTests {
    @Test("Every issue of a config, exactly", arguments: healthCheckRows)
    func row(_ row: HealthCheckRow) {
        // The 257-children row names checks that do not exist; only its count issue is asserted.
        let known = existingChecks + (0..<256).map { HealthCheck(id: "c\($0)", callerReference: "c\($0)", config: HealthCheckConfig(type: .http, ipAddress: "192.0.2.9")) }
        let issues = HealthCheckValidator.validate(row.config, id: row.id, minimumInterval: row.minimumInterval, existing: known)
        #expect(issues.map { "\($0.field ?? "-"): \($0.explained)" } == row.expected)
        #expect(issues.allSatisfy { $0.code == "InvalidInput" })
        #expect(issues.allSatisfy { Route53Error(code: $0.code, message: $0.message).httpStatus == 400 })
    }

    @Test("Type and InsufficientDataHealthStatus parse or fail with the enumeration message")
    func enumerations() throws {
        #expect(try HealthCheckValidator.type("HTTPS_STR_MATCH") == .httpsStrMatch)
        let error = #expect(throws: ValidationFailure.self) { _ = try HealthCheckValidator.type("HTTP2") }
        #expect(error?.issues.map(\.message) == ["Invalid XML ; cvc-enumeration-valid: Value 'HTTP2' is not facet-valid with respect to enumeration '[HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL]'. It must be a value from the enumeration."])
        #expect(error?.issues.first?.field == "Type")
        #expect(try HealthCheckValidator.insufficientDataHealthStatus("LastKnownStatus") == .lastKnownStatus)
        #expect(throws: ValidationFailure.self) { _ = try HealthCheckValidator.insufficientDataHealthStatus("healthy") }
    }

    @Test("CallerReference is 1 to 64 characters (HC-11)", arguments: [("", 1), ("a", 0), (String(repeating: "r", count: 64), 0), (String(repeating: "r", count: 65), 1)])
    func callerReference(_ reference: String, issues: Int) {
        #expect(HealthCheckValidator.callerReferenceIssues(reference).count == issues)
    }

    @Test("Allowed intervals: 10, 30 and the lab range below 10", arguments: [
        (10.0, 1.0, true), (30, 1, true), (1, 1, true), (9.5, 1, true), (0.9, 1, false), (0.1, 0.1, true), (15, 0.1, false),
        (60, 1, false), (5, 10, false), (Double.nan, 0.1, false),
    ])
    func intervals(_ seconds: Double, minimum: Double, allowed: Bool) {
        #expect(HealthCheckValidator.isAllowedInterval(seconds, minimum: minimum) == allowed)
    }

    @Test("Address literals", arguments: [("127.0.0.1", 4), ("::1", 16), ("2001:db8::10", 16), ("127.1", 0), ("[::1]", 0), ("example.com", 0)])
    func addresses(_ text: String, count: Int) {
        #expect(HealthCheckValidator.addressBytes(text)?.count ?? 0 == count)
    }
}
