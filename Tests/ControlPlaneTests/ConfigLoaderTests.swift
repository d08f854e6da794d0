import DNSServer
import ControlPlane
import DNSWire
import Foundation
import Route53Model
import Testing

@Suite("Config loading: good configurations")
struct ConfigLoaderTests {
    static let goodConfig = """
    Server:
      DNSListen: ["127.0.0.1:5353", "[::1]:5353"]
      APIListen: "127.0.0.1:8054"
      LogLevel: debug
      StateDirectory: var/state
      Seed: 53
    HealthChecks:
      - {Id: web-primary, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.1}}
    HostedZones:
      - Name: Example.Test
        Comment: round trip
        ResourceRecordSets:
          - Name: WWW.example.test
            Type: A
            TTL: 60
            ResourceRecords: [{Value: 192.0.2.10}, {Value: 192.0.2.11}]
          - Name: example.test.
            Type: A
            AliasTarget: {HostedZoneId: example.test., DNSName: www.example.test., EvaluateTargetHealth: true}
          - {Name: app.example.test., Type: A, SetIdentifier: primary, Failover: PRIMARY, HealthCheckId: web-primary, TTL: 30, ResourceRecords: [{Value: 127.0.0.1}]}
          - {Name: app.example.test., Type: A, SetIdentifier: secondary, Failover: SECONDARY, TTL: 30, ResourceRecords: [{Value: 127.0.0.2}]}
          - {Name: geo.example.test., Type: TXT, SetIdentifier: us-ca, GeoLocation: {CountryCode: US, SubdivisionCode: CA}, TTL: 5, ResourceRecords: [{Value: '"ca"'}]}
          - {Name: lat.example.test., Type: A, SetIdentifier: eu, Region: eu-west-1, TTL: 5, ResourceRecords: [{Value: 192.0.2.7}]}
          - {Name: mv.example.test., Type: A, SetIdentifier: one, MultiValueAnswer: true, TTL: 5, ResourceRecords: [{Value: 192.0.2.8}]}
          - {Name: example.test., Type: SOA, TTL: 900, ResourceRecords: [{Value: ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60}]}
    """

    func load(_ text: String) throws -> LabConfig {
        try ConfigLoader.load(text: text, fileName: "good.yaml", baseDirectory: "/etc/lab53")
    }

    @Test("Server settings and record sets come back as written")
    func roundTrip() throws {
        let config = try load(Self.goodConfig)
        #expect(config.server.dnsListen.map(\.description) == ["127.0.0.1:5353", "[::1]:5353"])
        #expect(config.server.apiListen == ListenAddress(host: "127.0.0.1", port: 8054))
        #expect(config.server.logLevel == .debug)
        #expect(config.server.stateDirectory == "/etc/lab53/var/state")
        #expect(config.server.seed == 53)
        let zone = try #require(config.hostedZones.first)
        #expect(zone.name.description == "example.test.")
        #expect(zone.comment == "round trip")
        #expect(zone.callerReference == "example.test.")
        #expect(HostedZoneFactory.isValidZoneId(zone.id))
        let summary = zone.recordSets.map { "\($0.name) \($0.type) \($0.setIdentifier ?? "-") \($0.ttl.map(String.init) ?? "alias")" }
        #expect(summary == [
            "example.test. NS - 172800", "example.test. SOA - 900", "www.example.test. A - 60", "example.test. A - alias",
            "app.example.test. A primary 30", "app.example.test. A secondary 30", "geo.example.test. TXT us-ca 5",
            "lat.example.test. A eu 5", "mv.example.test. A one 5",
        ])
        // The apex SOA from the file replaced the generated one (RR-12 UPSERT semantics).
        #expect(zone.recordSets[1].records.map(\.text) == ["ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60"])
        #expect(zone.recordSets[2].records.map(\.text) == ["192.0.2.10", "192.0.2.11"])
        // HostedZoneId given as the zone's name is replaced by the zone's ID.
        #expect(zone.recordSets[3].aliasTarget == AliasTarget(hostedZoneId: zone.id, dnsName: try DomainName("www.example.test."),
                                                              evaluateTargetHealth: true))
        #expect(zone.recordSets[4].routing == .failover(.primary) && zone.recordSets[4].healthCheckId == "web-primary")
        #expect(zone.recordSets[6].routing == .geolocation(GeoLocation(countryCode: "US", subdivisionCode: "CA")))
        #expect(zone.recordSets[7].routing == .latency(region: "eu-west-1"))
        #expect(zone.recordSets[8].routing == .multivalue)
    }

    @Test("Loading twice gives identical zones (IDs and name servers from the seed)")
    func deterministic() throws {
        #expect(try load(Self.goodConfig) == (try load(Self.goodConfig)))
        let otherSeed = try load(Self.goodConfig.replacingOccurrences(of: "Seed: 53", with: "Seed: 54"))
        #expect(otherSeed.hostedZones[0].id != (try load(Self.goodConfig)).hostedZones[0].id)
    }

    @Test("Absent keys take the defaults")
    func defaults() throws {
        for text in ["", "Server: {}\n", "{}"] {
            let config = try load(text)
            #expect(config.server.dnsListen.map(\.description) == ["127.0.0.1:5353"])
            #expect(config.server.apiListen.description == "127.0.0.1:8053")
            #expect(config.server.logLevel == .info)
            #expect(config.server.stateDirectory == "/etc/lab53/state")
            #expect(config.hostedZones.isEmpty)
        }
    }

    @Test("JSON is accepted (YAML includes it)")
    func json() throws {
        let text = #"{"Server": {"DNSListen": ["127.0.0.1:0"]}, "HostedZones": [{"Name": "j.test", "ResourceRecordSets": [{"Name": "a.j.test", "Type": "TXT", "TTL": 1, "ResourceRecords": [{"Value": "\"x y\""}]}]}]}"#
        let config = try load(text)
        #expect(config.server.dnsListen == [ListenAddress(host: "127.0.0.1", port: 0)])
        #expect(config.hostedZones[0].recordSets.last?.records.map(\.text) == ["\"x y\""])
    }

    @Test("YAML anchors and merge keys work; explicit keys win over merged ones")
    func mergeKeys() throws {
        let text = """
        HostedZones:
          - Name: a.test.
            ResourceRecordSets:
              - &web {Name: www.a.test., Type: A, TTL: 60, ResourceRecords: [{Value: 192.0.2.1}]}
              - <<: *web
                Name: x.a.test.
        """
        let sets = try load(text).hostedZones[0].recordSets
        #expect(sets.map { "\($0.name) \($0.ttl ?? 0) \($0.records.map(\.text))" }.suffix(2)
            == ["www.a.test. 60 [\"192.0.2.1\"]", "x.a.test. 60 [\"192.0.2.1\"]"])
    }

    @Test("Same-name zones get distinct name servers; related zones share none (HZ-09)")
    func relatedZones() throws {
        let text = """
        HostedZones:
          - {Name: lab.test., CallerReference: one}
          - {Name: lab.test., CallerReference: two}
          - {Name: sub.lab.test.}
        """
        let zones = try load(text).hostedZones
        #expect(zones.count == 3)
        for i in zones.indices {
            for j in zones.indices where i < j {
                #expect(Set(zones[i].delegationSet.nameServers).isDisjoint(with: zones[j].delegationSet.nameServers))
            }
        }
    }

    @Test("ZoneFile is read relative to the config file; its problems name the zone file line")
    func zoneFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lab53-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("zones"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let zoneText = "$ORIGIN z.test.\n$TTL 60\n@ IN SOA a. b. 1 2 3 4 5\nwww IN A 192.0.2.1\n"
        try zoneText.write(to: directory.appendingPathComponent("zones/z.zone"), atomically: true, encoding: .utf8)
        let configPath = directory.appendingPathComponent("lab.yaml").path
        try "HostedZones:\n  - Name: z.test.\n    ZoneFile: zones/z.zone\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let zone = try #require(try ConfigLoader.load(path: configPath).hostedZones.first)
        #expect(zone.recordSets.map { "\($0.name) \($0.type)" } == ["z.test. NS", "z.test. SOA", "www.z.test. A"])
        #expect(zone.recordSets[1].records[0].text.hasSuffix("awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"))

        try "$ORIGIN z.test.\nwww 60 IN A 300.1.1.1\n".write(to: directory.appendingPathComponent("zones/z.zone"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { _ = try ConfigLoader.load(path: configPath) }
        let line = try #require(error?.problems.first?.description)
        #expect(line.hasPrefix("\(configPath):3: HostedZones[0].ZoneFile: "))
        #expect(line.contains("z.zone:2"))
    }

    /// Zone rules (RR-11) broken by zone-file sets are reported at `ZoneFile`; broken by an entry
    /// after the file's sets, at that entry; a replaced generated apex set stays the entry's.
    @Test("ZoneFile plus ResourceRecordSets: each rule problem is reported where its set came from")
    func zoneFileAndEntries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lab53-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "$ORIGIN z.test.\n$TTL 60\nc IN CNAME t.example.\nc IN A 192.0.2.1\nw IN A 192.0.2.2\n"
            .write(to: directory.appendingPathComponent("z.zone"), atomically: true, encoding: .utf8)
        let configPath = directory.appendingPathComponent("lab.yaml").path
        try """
            HostedZones:
              - Name: z.test.
                ZoneFile: z.zone
                ResourceRecordSets:
                  - {Name: z.test., Type: NS, TTL: 60, ResourceRecords: [{Value: ns.example.}]}
                  - {Name: w.z.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: t.example.}]}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { _ = try ConfigLoader.load(path: configPath) }
        let lines = error?.problems.map(\.description) ?? []
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.hasPrefix("\(configPath):3: HostedZones[0].ZoneFile: ") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("\(configPath):6: HostedZones[0].ResourceRecordSets[1]") == true, "\(lines)")
    }

    @Test("A missing file is one problem naming the file")
    func missingFile() {
        let error = #expect(throws: ConfigError.self) { _ = try ConfigLoader.load(path: "/nonexistent/lab53.yaml") }
        #expect(error?.problems.count == 1)
        #expect(error?.problems.first?.description.hasPrefix("/nonexistent/lab53.yaml: cannot read the configuration file") == true)
    }
}

@Suite("Config/lab53.yaml (docs are executable)")
struct ExampleConfigTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/lab53.yaml").path

    @Test("The shipped example loads and holds what it documents")
    func loads() throws {
        let config = try ConfigLoader.load(path: Self.path)
        #expect(config.server.dnsListen.map(\.description) == ["127.0.0.1:5353"])
        #expect(config.server.seed == 53)
        #expect(config.hostedZones.map(\.name.description) == ["demo.lab53.test.", "import.lab53.test."])
        let demo = config.hostedZones[0]
        #expect(demo.id == "ZDEMOLAB53")
        let types = Set(demo.recordSets.map(\.type))
        #expect(types.isSuperset(of: [.a, .aaaa, .mx, .txt, .srv, .caa, .cname, .ns, .soa]))
        #expect(demo.recordSets.contains { $0.name.isWildcard })
        #expect(demo.recordSets.contains { $0.name == demo.name && $0.type == .a && $0.isAlias })
        #expect(demo.recordSets.filter { $0.routing.kind == .failover }.map(\.healthCheckId) == ["web-primary", "web-secondary"])
        #expect(demo.recordSets.filter { $0.routing.kind == .multivalue }.map(\.healthCheckId) == ["mv-1", "mv-2", "mv-3"])
        #expect(demo.recordSets.filter { $0.routing.kind == .weighted }.count == 2)
        for kind in [RoutingPolicy.Kind.latency, .geolocation, .cidr] {
            #expect(demo.recordSets.filter { $0.routing.kind == kind }.count == 2, "a \(kind) pair")
        }
        // Health checks (HC-02) and the Lab section the README's drill relies on.
        let checks = Dictionary(uniqueKeysWithValues: config.healthChecks.map { ($0.id, $0.config) })
        #expect(config.healthChecks.map(\.id) == ["web-primary", "web-secondary", "mv-1", "mv-2", "mv-3", "web-any"])
        #expect(checks["web-primary"] == HealthCheckConfig(type: .http, ipAddress: "127.0.0.1", port: 8081, resourcePath: "/",
                                                           requestInterval: 1, failureThreshold: 2))
        #expect(checks["web-secondary"]?.ipAddress == "127.0.0.2" && checks["web-secondary"]?.port == 8082)
        #expect(["mv-1", "mv-2", "mv-3"].compactMap { checks[$0]?.port } == [8081, 8082, 8083])
        #expect(checks["web-any"]?.childHealthChecks == ["web-primary", "web-secondary"])
        #expect(config.lab == LabSettings(timeScale: 1, checkers: 3))
        #expect(config.routingTables.networks.map(\.block.description) == ["127.0.0.0/8", "0:0:0:0:0:0:0:1/128"])
        #expect(config.routingTables.networks.allSatisfy { $0.latencyOrder == ["us-east-1", "eu-west-1"] && $0.subdivisionCode == "CA" })
        #expect(config.routingTables.cidrCollections.map(\.name) == ["lab"])
        let imported = config.hostedZones[1]
        #expect(imported.recordSets.contains { $0.name.description == "ftp.import.lab53.test." && $0.type == .cname })
        // The file's own SOA was dropped in favour of the generated one (HZ-03).
        #expect(imported.recordSets.filter { $0.type == .soa }.count == 1)
        #expect(imported.recordSets.first { $0.type == .soa }?.ttl == 900)
    }
}
