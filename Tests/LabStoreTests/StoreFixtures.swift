import DNSWire
import Foundation
import LabStore
import Route53Model

/// Builders shared by the LabStore tests: real model values, built the way the daemon builds them.
enum StoreFixtures {
    /// A fixed instant with a fraction no decimal format keeps exactly, to prove dates round-trip exactly.
    static let createdAt = Date(timeIntervalSinceReferenceDate: 760_000_000.123_456_7)

    static func name(_ text: String) -> DomainName {
        // Force-try: the fixtures' names are literals known to be valid.
        try! DomainName(text)
    }

    static func zone(_ name: String, reference: String? = nil, isPrivate: Bool = false,
                     existing: [HostedZone] = []) throws -> HostedZone {
        try HostedZoneFactory.makeZone(name: self.name(name), callerReference: reference ?? "ref-\(name)",
                                       isPrivate: isPrivate, existing: existing, seed: 53)
    }

    static func stored(_ zone: HostedZone, owner: Owner = .api) -> StoredZone {
        StoredZone(zone: zone, owner: owner, createdAt: createdAt)
    }

    static func value(_ text: String, _ type: RRType) throws -> RecordValue {
        try RecordSetText.value(text, type: type)
    }

    static func set(_ name: String, _ type: RRType = .a, _ values: [String] = ["192.0.2.1"], ttl: UInt32 = 300,
                    id: String? = nil, routing: RoutingPolicy = .simple, healthCheckId: String? = nil) throws -> ResourceRecordSet {
        ResourceRecordSet(name: self.name(name), type: type, ttl: ttl, records: try values.map { try value($0, type) },
                          setIdentifier: id, routing: routing, healthCheckId: healthCheckId)
    }

    static let digest32 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    /// One value per Route 53 type (RR-06), owner `<type>.example.test.`.
    static let valuesByType: [(RRType, [String])] = [
        (.a, ["192.0.2.1", "192.0.2.2"]),
        (.aaaa, ["2001:db8::1"]),
        (.caa, [#"0 issue "amazon.com""#]),
        (.cname, ["target.example.net."]),
        (.ds, ["12345 13 2 \(digest32)"]),
        (.https, ["1 . alpn=h2 ipv4hint=192.0.2.1"]),
        (.mx, ["10 mail.example.test.", "20 backup.example.test"]),
        (.naptr, [#"100 10 "S" "SIP+D2U" "" _sip._udp.example.test."#]),
        (.ns, ["ns1.example.net."]),
        (.ptr, ["host.example.test."]),
        (.soa, ["ns1.example.net. hostmaster.example.test. 1 7200 900 1209600 86400"]),
        (.spf, [#""v=spf1 -all""#]),
        (.srv, ["10 5 5060 sip.example.test."]),
        (.sshfp, ["4 2 \(digest32)"]),
        (.svcb, ["1 svc.example.net. alpn=h2,h3 port=8443"]),
        (.tlsa, ["3 1 1 \(digest32)"]),
        (.txt, [#""hello world" "second string""#, #""caf\303\251""#]),
    ]

    /// Every routing policy case, with every field of the structured ones (RP-01…RP-10).
    static let policies: [(String, RoutingPolicy)] = [
        ("simple", .simple),
        ("weighted 0", .weighted(weight: 0)),
        ("weighted 255", .weighted(weight: 255)),
        ("failover primary", .failover(.primary)),
        ("failover secondary", .failover(.secondary)),
        ("multivalue", .multivalue),
        ("latency", .latency(region: "eu-west-1")),
        ("geolocation continent", .geolocation(GeoLocation(continentCode: "EU"))),
        ("geolocation subdivision", .geolocation(GeoLocation(countryCode: "US", subdivisionCode: "WA"))),
        ("geolocation default", .geolocation(GeoLocation(countryCode: "*"))),
        ("geoproximity region with bias", .geoproximity(GeoProximityLocation(awsRegion: "us-east-1", bias: -99))),
        ("geoproximity local zone", .geoproximity(GeoProximityLocation(localZoneGroup: "us-west-2-lax-1", bias: 99))),
        ("geoproximity coordinates", .geoproximity(GeoProximityLocation(latitude: "-33.87", longitude: "151.21"))),
        ("geoproximity zero bias", .geoproximity(GeoProximityLocation(awsRegion: "ap-southeast-2", bias: 0))),
        ("cidr", .cidr(CidrRoutingConfig(collectionId: "c8c02a84-aaaa-bbbb-cccc-0123456789ab", locationName: "office"))),
        ("cidr default", .cidr(CidrRoutingConfig(collectionId: "c8c02a84-aaaa-bbbb-cccc-0123456789ab", locationName: "*"))),
    ]

    /// Health checks of every type with every field set, including values `HealthCheckConfig.init`
    /// would never produce (unsorted children, an HTTP check without a port), to prove that what is
    /// read is what was written and not a re-normalised copy.
    static let healthChecks: [(String, HealthCheck)] = {
        var http = HealthCheckConfig(type: .http, ipAddress: "192.0.2.10", resourcePath: "/health?deep=1",
                                     fullyQualifiedDomainName: "www.example.test", requestInterval: 0.1,
                                     failureThreshold: 1, measureLatency: true, regions: ["us-east-1", "eu-west-1", "sa-east-1"])
        http.port = nil
        var calculated = HealthCheckConfig(type: .calculated, inverted: true, healthThreshold: 2,
                                           childHealthChecks: ["b-check", "a-check"])
        calculated.childHealthChecks = ["z-check", "a-check"]
        calculated.requestInterval = 1.0 / 3.0
        return [
            ("HTTP", HealthCheck(id: "web-primary", callerReference: "config:web-primary", config: http, version: 1)),
            ("HTTPS string match", HealthCheck(
                id: "4f1c2a9e-0b1d-4c7e-9a51-2f3e4d5c6b7a", callerReference: "api-ref-1",
                config: HealthCheckConfig(type: .httpsStrMatch, ipAddress: "2001:db8::10", port: 8443, resourcePath: "/",
                                          fullyQualifiedDomainName: "secure.example.test", searchString: "OK ✓",
                                          requestInterval: 10, failureThreshold: 10, disabled: true, enableSNI: false),
                version: 7)),
            ("HTTPS with defaults", HealthCheck(id: "https-defaults", callerReference: "ref-https",
                                                config: HealthCheckConfig(type: .https, fullyQualifiedDomainName: "api.example.test"))),
            ("HTTP string match", HealthCheck(
                id: "str", callerReference: "ref-str",
                config: HealthCheckConfig(type: .httpStrMatch, ipAddress: "198.51.100.7", searchString: "\"status\":\"up\"",
                                          requestInterval: 30, failureThreshold: 3, enableSNI: true))),
            ("TCP", HealthCheck(id: "tcp-db", callerReference: "ref-tcp",
                                config: HealthCheckConfig(type: .tcp, ipAddress: "127.0.0.1", port: 5432, requestInterval: 1.5))),
            ("CALCULATED", HealthCheck(id: "calc", callerReference: "ref-calc", config: calculated, version: 3)),
            ("CLOUDWATCH_METRIC", HealthCheck(
                id: "alarm", callerReference: "ref-alarm",
                config: HealthCheckConfig(type: .cloudwatchMetric, alarmIdentifier: AlarmIdentifier(region: "us-east-1", name: "cpu-high"),
                                          insufficientDataHealthStatus: .lastKnownStatus))),
            ("RECOVERY_CONTROL", HealthCheck(
                id: "arc", callerReference: "ref-arc",
                config: HealthCheckConfig(type: .recoveryControl,
                                          routingControlArn: "arn:aws:route53-recovery-control::123456789012:controlpanel/abc/routingcontrol/def"))),
        ]
    }()

    /// Every wire name inside a state, in a fixed order: `==` on `DomainName` folds case (RFC 4343),
    /// so exactness of the stored bytes needs its own comparison.
    static func nameWires(_ state: StoredState) -> [[UInt8]] {
        var wires: [[UInt8]] = []
        for stored in state.zones {
            wires.append(stored.zone.name.wire)
            wires += stored.zone.delegationSet.nameServers.map(\.wire)
            for set in stored.zone.recordSets {
                wires.append(set.name.wire)
                if let target = set.aliasTarget { wires.append(target.dnsName.wire) }
            }
        }
        for stored in state.delegationSets {
            wires += stored.set.nameServers.map(\.wire)
        }
        return wires
    }
}

/// A fresh directory under the system temporary directory, removed when `body` returns or throws.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("lab53-store-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}
