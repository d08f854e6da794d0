import ControlPlane
import Testing

/// `HealthChecks:` with one entry per line, entry i on line i + 2.
func checksConfig(_ entries: String...) -> String {
    "HealthChecks:\n" + entries.map { "  - " + $0 + "\n" }.joined()
}

/// Health checks `web` (line 2) and `db` (line 3), then zone `example.test.` whose record sets start on line 7.
func referencingConfig(lab: String = "", _ recordSets: String...) -> String {
    """
    HealthChecks:
      - {Id: web, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}
      - {Id: db, HealthCheckConfig: {Type: TCP, IPAddress: 192.0.2.2, Port: 5432}}
    HostedZones:
      - Name: example.test.
        ResourceRecordSets:
    \(recordSets.map { "      - " + $0 }.joined(separator: "\n"))
    \(lab)
    """
}

let collectionId = "6f2a51b1-5a5c-4c8e-9d3f-0c1b2a3d4e5f"
let cidrLab = "Lab:\n  CidrCollections:\n    - {Id: \(collectionId), Name: lab, Locations: {office: [192.0.2.0/24], \"*\": []}}"
let configKeys = "IPAddress, Port, Type, ResourcePath, FullyQualifiedDomainName, SearchString, RequestInterval, FailureThreshold, MeasureLatency, Inverted, Disabled, HealthThreshold, ChildHealthChecks, EnableSNI, Regions, AlarmIdentifier, InsufficientDataHealthStatus, RoutingControlArn"

let healthConfigErrorRows: [ConfigErrorRow] = [
    ConfigErrorRow(name: "unknown HealthCheckConfig key",
                   text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, Interval: 10}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Interval: unknown key; allowed keys: \(configKeys)"]),
    ConfigErrorRow(name: "unknown health check key", text: checksConfig("{Id: a, Tags: [], HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}"),
                   expected: ["test.yaml:2: HealthChecks[0].Tags: unknown key; allowed keys: Id, CallerReference, HealthCheckConfig"]),
    ConfigErrorRow(name: "HealthCheckConfig missing", text: checksConfig("{Id: a}"),
                   expected: ["test.yaml:2: HealthChecks[0]: missing required key HealthCheckConfig"]),
    ConfigErrorRow(name: "Type missing", text: checksConfig("{Id: a, HealthCheckConfig: {IPAddress: 192.0.2.1}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig: missing required key Type"]),
    ConfigErrorRow(name: "HC-01 Type outside the enumeration", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP2, IPAddress: 192.0.2.1}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Type: Invalid XML ; cvc-enumeration-valid: Value 'HTTP2' is not facet-valid with respect to enumeration '[HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP, CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL]'. It must be a value from the enumeration."]),
    ConfigErrorRow(name: "duplicate Id", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}",
                                                            "{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.2}}"),
                   expected: ["test.yaml:3: HealthChecks[1].Id: a is already the Id of another health check"]),
    ConfigErrorRow(name: "Id with a space", text: checksConfig("{Id: web primary, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}"),
                   expected: ["test.yaml:2: HealthChecks[0].Id: web primary must be 1 to 64 characters of A-Z a-z 0-9 - _ . ~ (record sets and API paths use it)"]),
    ConfigErrorRow(name: "HC-11 duplicate CallerReference",
                   text: checksConfig("{Id: a, CallerReference: r, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}",
                                      "{Id: b, CallerReference: r, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.2}}"),
                   expected: ["test.yaml:3: HealthChecks[1].CallerReference: r is already the CallerReference of another health check (HC-11)"]),
    ConfigErrorRow(name: "HC-11 default CallerReference (the Id) taken by another check",
                   text: checksConfig("{Id: a, CallerReference: b, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}",
                                      "{Id: b, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.2}}"),
                   expected: ["test.yaml:3: HealthChecks[1].Id: b is already the CallerReference of another health check; give this one a distinct CallerReference (HC-11)"]),
    ConfigErrorRow(name: "HC-02 Port out of range", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, Port: 0}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Port: Invalid XML ; cvc-minInclusive-valid: Value '0' is not facet-valid with respect to minInclusive '1' for type 'Port'."]),
    ConfigErrorRow(name: "Port not a number", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, Port: http}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Port: http is not an integer"]),
    ConfigErrorRow(name: "HC-06 FailureThreshold out of range", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, FailureThreshold: 11}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.FailureThreshold: Invalid XML ; cvc-maxInclusive-valid: Value '11' is not facet-valid with respect to maxInclusive '10' for type 'FailureThreshold'."]),
    ConfigErrorRow(name: "RequestInterval below the config minimum",
                   text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, RequestInterval: 0.05}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.RequestInterval: Invalid parameter : Request interval 0.05 is not supported; specify 10 or 30 seconds. (Route 53 accepts 10 or 30; as a lab extension Lab53 also accepts 0.1 to 10 seconds here)"]),
    ConfigErrorRow(name: "RequestInterval not a number",
                   text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, RequestInterval: fast}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.RequestInterval: fast is not a number"]),
    ConfigErrorRow(name: "HC-01 TCP without Port", text: checksConfig("{Id: a, HealthCheckConfig: {Type: TCP, IPAddress: 192.0.2.1}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig: Invalid parameter : TCP health checks must have Port specified."]),
    ConfigErrorRow(name: "HC-01 endpoint without address or name", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTPS}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig: Invalid parameter : HTTPS health checks must have IPAddress or FullyQualifiedDomainName specified."]),
    ConfigErrorRow(name: "HC-02 IPAddress not an address", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: localhost}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.IPAddress: Invalid parameter : localhost is not a valid IPv4 or IPv6 address."]),
    ConfigErrorRow(name: "HC-01 SearchString on HTTP", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, SearchString: ok}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.SearchString: Invalid parameter : HTTP health checks must not have SearchString specified."]),
    ConfigErrorRow(name: "HC-04 two regions", text: checksConfig("{Id: a, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, Regions: [us-east-1, eu-west-1]}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Regions: Invalid parameter : At least 3 regions must be specified; 2 were specified."]),
    ConfigErrorRow(name: "HC-09 CALCULATED without HealthThreshold [O]", text: checksConfig("{Id: a, HealthCheckConfig: {Type: CALCULATED}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig: Invalid parameter : Calculated health checks must have a health threshold specified."]),
    ConfigErrorRow(name: "HC-09 missing child is reported at its place in the file (children are sorted)",
                   text: "HealthChecks:\n  - {Id: zz, HealthCheckConfig: {Type: TCP, IPAddress: 192.0.2.1, Port: 22}}\n  - Id: parent\n    HealthCheckConfig:\n"
                       + "      Type: CALCULATED\n      HealthThreshold: 1\n      ChildHealthChecks:\n        - zz\n        - nope\n",
                   expected: ["test.yaml:9: HealthChecks[1].HealthCheckConfig.ChildHealthChecks[1]: Invalid parameter : Child health check nope does not exist."]),
    ConfigErrorRow(name: "HC-09 CALCULATED child", text: checksConfig("{Id: p1, HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 0}}",
                                                                      "{Id: p2, HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 1, ChildHealthChecks: [p1]}}"),
                   expected: ["test.yaml:3: HealthChecks[1].HealthCheckConfig.ChildHealthChecks[0]: Invalid parameter : Child health check p1 is a CALCULATED health check; calculated health checks cannot be children."]),
    ConfigErrorRow(name: "HC-09 a child whose own entry is wrong is reported once, there",
                   text: checksConfig("{Id: web, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1, Port: http}}",
                                      "{Id: all, HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 1, ChildHealthChecks: [web]}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.Port: http is not an integer"]),
    ConfigErrorRow(name: "HC-09 self reference", text: checksConfig("{Id: p, HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 1, ChildHealthChecks: [p]}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.ChildHealthChecks[0]: Invalid parameter : Health check p cannot be its own child health check."]),
    ConfigErrorRow(name: "HC-10 AlarmIdentifier needs Region and Name",
                   text: checksConfig("{Id: a, HealthCheckConfig: {Type: CLOUDWATCH_METRIC, AlarmIdentifier: {Name: cpu}}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.AlarmIdentifier: missing required key Region"]),
    ConfigErrorRow(name: "HC-10 InsufficientDataHealthStatus enumeration",
                   text: checksConfig("{Id: a, HealthCheckConfig: {Type: CLOUDWATCH_METRIC, AlarmIdentifier: {Region: us-east-1, Name: cpu}, InsufficientDataHealthStatus: Unknown}}"),
                   expected: ["test.yaml:2: HealthChecks[0].HealthCheckConfig.InsufficientDataHealthStatus: Invalid XML ; cvc-enumeration-valid: Value 'Unknown' is not facet-valid with respect to enumeration '[Healthy, Unhealthy, LastKnownStatus]'. It must be a value from the enumeration."]),
    // HC-12b: record sets name defined checks.
    ConfigErrorRow(name: "HC-12b HealthCheckId of a policy record names no check",
                   text: referencingConfig("{Name: a.example.test., Type: A, SetIdentifier: one, Failover: PRIMARY, HealthCheckId: webb, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:7: HostedZones[0].ResourceRecordSets[0].HealthCheckId: A health check with id webb does not exist. (record set a.example.test. A, SetIdentifier one: no HealthChecks entry has this Id, HC-12b)"]),
    ConfigErrorRow(name: "HC-12b HealthCheckId without any HealthChecks section",
                   text: zoneConfig("{Name: a.example.test., Type: A, HealthCheckId: web, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].HealthCheckId: A health check with id web does not exist. (record set a.example.test. A: no HealthChecks entry has this Id, HC-12b)"]),
    // RP-10: CidrRoutingConfig names a defined collection and location.
    ConfigErrorRow(name: "RP-10 CollectionId not under Lab.CidrCollections",
                   text: referencingConfig(lab: cidrLab, "{Name: ip.example.test., Type: A, SetIdentifier: o, CidrRoutingConfig: {CollectionId: 00000000-0000-0000-0000-000000000000, LocationName: office}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:7: HostedZones[0].ResourceRecordSets[0].CidrRoutingConfig.CollectionId: 00000000-0000-0000-0000-000000000000 is not the Id of a CIDR collection under Lab.CidrCollections (RP-10)"]),
    ConfigErrorRow(name: "RP-10 LocationName not in the collection",
                   text: referencingConfig(lab: cidrLab, "{Name: ip.example.test., Type: A, SetIdentifier: o, CidrRoutingConfig: {CollectionId: \(collectionId), LocationName: home}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:7: HostedZones[0].ResourceRecordSets[0].CidrRoutingConfig.LocationName: home is not a location of CIDR collection lab (RP-10)"]),
]

@Suite("Config errors: health checks and record-set references")
struct HealthConfigErrorTests {
    @Test("Exact problem text", arguments: healthConfigErrorRows)
    func exactText(_ row: ConfigErrorRow) {
        #expect(problems(row.text) == row.expected)
    }

    @Test("Record sets naming defined checks, collections and locations (and the default *) load")
    func references() throws {
        let text = referencingConfig(lab: cidrLab,
                                     "{Name: a.example.test., Type: A, SetIdentifier: one, Failover: PRIMARY, HealthCheckId: web, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}",
                                     "{Name: a.example.test., Type: A, SetIdentifier: two, Failover: SECONDARY, HealthCheckId: db, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}",
                                     "{Name: ip.example.test., Type: A, SetIdentifier: o, CidrRoutingConfig: {CollectionId: \(collectionId), LocationName: office}, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}",
                                     "{Name: ip.example.test., Type: A, SetIdentifier: d, CidrRoutingConfig: {CollectionId: \(collectionId), LocationName: \"*\"}, TTL: 60, ResourceRecords: [{Value: 192.0.2.2}]}")
        #expect(problems(text) == [])
    }
}
