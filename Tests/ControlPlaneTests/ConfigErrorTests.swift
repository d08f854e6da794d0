import ControlPlane
import Testing

/// A config with one zone `example.test.` (ID ZEXAMPLE) whose record sets start on line 5.
func zoneConfig(_ recordSets: String...) -> String {
    """
    HostedZones:
      - Name: example.test.
        Id: ZEXAMPLE
        ResourceRecordSets:
    \(recordSets.map { "      - " + $0 }.joined(separator: "\n"))

    """
}

/// The problem lines of `text`, or [] when it loads.
func problems(_ text: String) -> [String] {
    do {
        _ = try ConfigLoader.load(text: text, fileName: "test.yaml", baseDirectory: "/nonexistent")
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

struct ConfigErrorRow: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: [String]
    var testDescription: String { name }
}

let enumeration = "[SOA, A, TXT, NS, CNAME, MX, NAPTR, PTR, SRV, SPF, AAAA, CAA, DS, TLSA, SSHFP, SVCB, HTTPS]"
let recordSetKeys = "Name, Type, SetIdentifier, Weight, Region, GeoLocation, Failover, MultiValueAnswer, TTL, ResourceRecords, AliasTarget, HealthCheckId, TrafficPolicyInstanceId, CidrRoutingConfig, GeoProximityLocation"

let configErrorRows: [ConfigErrorRow] = [
    ConfigErrorRow(name: "unknown Server key", text: "Server:\n  DNSListen: [\"127.0.0.1:5353\"]\n  Bogus: 1\n",
                   expected: ["test.yaml:3: Server.Bogus: unknown key; allowed keys: DNSListen, APIListen, LogLevel, StateDirectory, Seed, APIAccessKeys, QueryLog"]),
    ConfigErrorRow(name: "unknown record-set key",
                   text: zoneConfig("{Name: www.example.test., Type: A, Tll: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].Tll: unknown key; allowed keys: \(recordSetKeys)"]),
    ConfigErrorRow(name: "unknown top-level key", text: "Zones: []\n",
                   expected: ["test.yaml:1: Zones: unknown key; allowed keys: Server, Lab, HealthChecks, HostedZones, Events"]),
    ConfigErrorRow(name: "TTL out of range",
                   text: zoneConfig("{Name: www.example.test., Type: A, TTL: 2147483648, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].TTL: 2147483648 is out of range (0…2147483647)"]),
    ConfigErrorRow(name: "TTL not a number",
                   text: zoneConfig("{Name: www.example.test., Type: A, TTL: soon, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].TTL: soon is not an integer"]),
    ConfigErrorRow(name: "Weight out of range",
                   text: zoneConfig("{Name: w.example.test., Type: A, SetIdentifier: a, Weight: 256, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].Weight: 256 is out of range (0…255)"]),
    ConfigErrorRow(name: "port out of range", text: "Server:\n  APIListen: \"127.0.0.1:70000\"\n",
                   expected: ["test.yaml:2: Server.APIListen: port 70000 is out of range (0…65535)"]),
    ConfigErrorRow(name: "IPv6 without brackets", text: "Server:\n  DNSListen: [\"::1:53\"]\n",
                   expected: ["test.yaml:2: Server.DNSListen[0]: ::1:53: an IPv6 address must be written in brackets, e.g. [::1]:5353"]),
    ConfigErrorRow(name: "bad LogLevel", text: "Server:\n  LogLevel: verbose\n",
                   expected: ["test.yaml:2: Server.LogLevel: verbose is not one of trace, debug, info, notice, warning, error, critical"]),
    ConfigErrorRow(name: "bad type",
                   text: zoneConfig("{Name: www.example.test., Type: AX, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].Type: Invalid XML ; cvc-enumeration-valid: Value 'AX' is not facet-valid with respect to enumeration '\(enumeration)'. It must be a value from the enumeration."]),
    ConfigErrorRow(name: "bad value",
                   text: zoneConfig("{Name: www.example.test., Type: A, TTL: 60, ResourceRecords: [{Value: 300.1.1.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].ResourceRecords[0].Value: Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '300.1.1.1''"]),
    ConfigErrorRow(name: "CNAME at apex",
                   text: zoneConfig("{Name: example.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: www.example.net.}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0]: RRSet of type CNAME with DNS name example.test. is not permitted at apex in zone example.test."]),
    ConfigErrorRow(name: "CNAME next to other data",
                   text: zoneConfig("{Name: www.example.test., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}",
                                    "{Name: www.example.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: www.example.net.}]}"),
                   expected: ["test.yaml:6: HostedZones[0].ResourceRecordSets[1]: RRSet of type CNAME with DNS name www.example.test. is not permitted as it conflicts with other records with the same DNS name in zone example.test."]),
    ConfigErrorRow(name: "second SOA",
                   text: zoneConfig("{Name: example.test., Type: SOA, TTL: 900, ResourceRecords: [{Value: ns1.example.test. h.example.test. 1 7200 900 1209600 60}]}",
                                    "{Name: example.test., Type: SOA, TTL: 900, ResourceRecords: [{Value: ns1.example.test. h.example.test. 2 7200 900 1209600 60}]}"),
                   expected: ["test.yaml:6: HostedZones[0].ResourceRecordSets[1]: Tried to create resource record set [name='example.test.', type='SOA'] but it already exists"]),
    ConfigErrorRow(name: "owner outside the zone",
                   text: zoneConfig("{Name: www.other.test., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].Name: RRSet with DNS name www.other.test. is not permitted in zone example.test."]),
    ConfigErrorRow(name: "alias loop",
                   text: zoneConfig("{Name: a.example.test., Type: A, AliasTarget: {HostedZoneId: ZEXAMPLE, DNSName: b.example.test., EvaluateTargetHealth: false}}",
                                    "{Name: b.example.test., Type: A, AliasTarget: {HostedZoneId: ZEXAMPLE, DNSName: a.example.test., EvaluateTargetHealth: false}}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].AliasTarget.DNSName: Tried to create an alias that targets b.example.test., type A in zone ZEXAMPLE, but the alias chain forms a loop (a.example.test. -> b.example.test. -> a.example.test.)",
                              "test.yaml:6: HostedZones[0].ResourceRecordSets[1].AliasTarget.DNSName: Tried to create an alias that targets a.example.test., type A in zone ZEXAMPLE, but the alias chain forms a loop (b.example.test. -> a.example.test. -> b.example.test.)"]),
    ConfigErrorRow(name: "alias target missing",
                   text: zoneConfig("{Name: a.example.test., Type: A, AliasTarget: {HostedZoneId: example.test., DNSName: nothing.example.test., EvaluateTargetHealth: false}}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].AliasTarget.DNSName: Tried to create an alias that targets nothing.example.test., type A in zone ZEXAMPLE, but that target was not found"]),
    ConfigErrorRow(name: "AliasTarget without EvaluateTargetHealth (AL-01)",
                   text: zoneConfig("{Name: a.example.test., Type: A, AliasTarget: {HostedZoneId: ZEXAMPLE, DNSName: www.example.test.}}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0].AliasTarget: missing required key EvaluateTargetHealth"]),
    ConfigErrorRow(name: "two routing policies",
                   text: zoneConfig("{Name: w.example.test., Type: A, SetIdentifier: a, Weight: 1, Failover: PRIMARY, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0]: Weight and Failover cannot be combined: a record set has one routing policy (RP-01)"]),
    ConfigErrorRow(name: "Weight without SetIdentifier shows the lab detail",
                   text: zoneConfig("{Name: w.example.test., Type: A, Weight: 1, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:5: HostedZones[0].ResourceRecordSets[0]: Invalid request (a weighted record set requires a SetIdentifier)"]),
    ConfigErrorRow(name: "zone name is a TLD", text: "HostedZones:\n  - Name: test.\n",
                   expected: ["test.yaml:2: HostedZones[0].Name: test. is not a valid hosted zone name: a hosted zone cannot be created for the root or a top-level domain."]),
    ConfigErrorRow(name: "missing zone Name", text: "HostedZones:\n  - Comment: no name\n",
                   expected: ["test.yaml:2: HostedZones[0]: missing required key Name"]),
    ConfigErrorRow(name: "YAML syntax error", text: "Server:\n  DNSListen: [\"127.0.0.1:5353\"\n",
                   expected: ["test.yaml:3: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"]),
    ConfigErrorRow(name: "every problem is listed, in line order",
                   text: "Server:\n  Seed: -1\n" + zoneConfig("{Name: www.example.test., Type: A, TTL: -5, ResourceRecords: [{Value: 192.0.2.1}]}",
                                                                 "{Name: x.example.test., Type: A, TTL: 1, ResourceRecords: [{Value: 192.0.2.1}, {Value: 192.0.2.1}]}"),
                   expected: ["test.yaml:2: Server.Seed: -1 is not a non-negative integer",
                              "test.yaml:7: HostedZones[0].ResourceRecordSets[0].TTL: -5 is out of range (0…2147483647)",
                              "test.yaml:8: HostedZones[0].ResourceRecordSets[1].ResourceRecords[1].Value: Duplicate Resource Record: '192.0.2.1'"]),
]

@Suite("Config errors: file:line: key path: rule")
struct ConfigErrorTests {
    @Test("Exact problem text", arguments: configErrorRows)
    func exactText(_ row: ConfigErrorRow) {
        #expect(problems(row.text) == row.expected)
    }

    @Test("ConfigError prints one problem per line")
    func description() {
        let error = ConfigError(problems: [ConfigProblem(file: "a.yaml", line: 3, path: "Server.Seed", message: "x"),
                                           ConfigProblem(file: "a.yaml", line: nil, path: "", message: "y")])
        #expect(error.description == "a.yaml:3: Server.Seed: x\na.yaml: y")
    }
}
