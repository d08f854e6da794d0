import ControlPlane
import Foundation
import Route53Model
import Testing

@Suite("Config loading: health checks and the Lab section")
struct HealthConfigLoaderTests {
    func load(_ text: String) throws -> LabConfig {
        try ConfigLoader.load(text: text, fileName: "lab.yaml", baseDirectory: "/etc/lab53")
    }

    @Test("Route 53's defaults are echoed from a minimal config (HC-02)")
    func defaults() throws {
        let text = """
        HealthChecks:
          - {Id: plain, HealthCheckConfig: {Type: HTTP, IPAddress: 192.0.2.1}}
          - {Id: secure, HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: www.example.com}}
          - {Id: match, HealthCheckConfig: {Type: HTTP_STR_MATCH, IPAddress: 192.0.2.1, SearchString: ok}}
          - {Id: tls-match, HealthCheckConfig: {Type: HTTPS_STR_MATCH, IPAddress: 192.0.2.1, SearchString: ok}}
          - {Id: port, HealthCheckConfig: {Type: TCP, IPAddress: "2001:db8::1", Port: 22}}
        """
        let checks = try load(text).healthChecks
        #expect(checks.map(\.id) == ["plain", "secure", "match", "tls-match", "port"])
        #expect(checks.map(\.callerReference) == checks.map(\.id))
        #expect(checks.allSatisfy { $0.version == 1 })
        #expect(checks.map(\.config.port) == [80, 443, 80, 443, 22])
        #expect(checks.map(\.config.enableSNI) == [false, true, false, true, false])
        for check in checks {
            #expect(check.config.requestInterval == 30)
            #expect(check.config.failureThreshold == 3)
            #expect(check.config.regions == HealthCheckConfig.allRegions)
            #expect(!check.config.inverted && !check.config.disabled && !check.config.measureLatency)
            #expect(check.config.resourcePath == nil && check.config.healthThreshold == nil && check.config.childHealthChecks.isEmpty)
        }
        let lab = try load(text).lab
        #expect(lab == LabSettings(timeScale: 1, checkers: 3))
        #expect(try load(text).routingTables == .empty)
    }

    @Test("Every HealthCheckConfig key is read")
    func everyKey() throws {
        let text = """
        HealthChecks:
          - Id: full
            CallerReference: full-ref
            HealthCheckConfig:
              Type: HTTPS_STR_MATCH
              IPAddress: 127.0.0.1
              Port: 8443
              ResourcePath: /health?deep=1
              FullyQualifiedDomainName: app.example.com
              SearchString: ready
              RequestInterval: 0.5
              FailureThreshold: 10
              MeasureLatency: true
              Inverted: true
              Disabled: true
              EnableSNI: false
              Regions: [us-east-1, eu-west-1, sa-east-1]
          - {Id: calc, HealthCheckConfig: {Type: CALCULATED, HealthThreshold: 2, ChildHealthChecks: [zeta, full, alpha]}}
          - {Id: zeta, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.1, Port: 1}}
          - {Id: alpha, HealthCheckConfig: {Type: CLOUDWATCH_METRIC, AlarmIdentifier: {Region: eu-west-1, Name: cpu-high}, InsufficientDataHealthStatus: Unhealthy}}
          - {Id: arc, HealthCheckConfig: {Type: RECOVERY_CONTROL, RoutingControlArn: "arn:aws:route53-recovery-control::111111111111:controlpanel/abc/routingcontrol/def"}}
        """
        let checks = try load(text).healthChecks
        let full = try #require(checks.first)
        #expect(full.callerReference == "full-ref")
        #expect(full.config == HealthCheckConfig(type: .httpsStrMatch, ipAddress: "127.0.0.1", port: 8443, resourcePath: "/health?deep=1",
                                                 fullyQualifiedDomainName: "app.example.com", searchString: "ready", requestInterval: 0.5,
                                                 failureThreshold: 10, measureLatency: true, inverted: true, disabled: true,
                                                 enableSNI: false, regions: ["us-east-1", "eu-west-1", "sa-east-1"]))
        // Children are echoed sorted (HC-02).
        #expect(checks[1].config.childHealthChecks == ["alpha", "full", "zeta"])
        #expect(checks[1].config.healthThreshold == 2)
        #expect(checks[1].config.port == nil)
        #expect(checks[3].config.alarmIdentifier == AlarmIdentifier(region: "eu-west-1", name: "cpu-high"))
        #expect(checks[3].config.insufficientDataHealthStatus == .unhealthy)
        #expect(checks[4].config.routingControlArn?.hasSuffix("routingcontrol/def") == true)
    }

    @Test("Lab settings and routing tables are read")
    func lab() throws {
        let text = """
        Lab:
          TimeScale: 0.1
          Checkers: 16
          Networks:
            - {CIDR: 127.0.0.0/8, LatencyOrder: [us-east-1, eu-west-1], ContinentCode: NA, CountryCode: US, SubdivisionCode: CA, Latitude: 37.77, Longitude: -122.42}
            - {CIDR: "::1/128", LatencyOrder: [eu-west-1]}
            - {CIDR: 0.0.0.0/0}
          DefaultLatencyOrder: [eu-west-1, us-east-1]
          CidrCollections:
            - Id: 6F2A51B1-5A5C-4C8E-9D3F-0C1B2A3D4E5F
              Name: lab_1
              Locations:
                office: [127.0.0.0/24, "2001:db8::/48"]
                home: 10.0.0.0/8
                "*": []
        """
        let config = try load(text)
        #expect(config.lab == LabSettings(timeScale: 0.1, checkers: 16))
        let tables = config.routingTables
        #expect(tables.networks.map(\.block.description) == ["127.0.0.0/8", "0:0:0:0:0:0:0:1/128", "0.0.0.0/0"])
        #expect(tables.networks[0] == ClientNetwork(block: CIDRBlock(address: [127, 0, 0, 0], prefixLength: 8), latencyOrder: ["us-east-1", "eu-west-1"],
                                                    continentCode: "NA", countryCode: "US", subdivisionCode: "CA", latitude: 37.77, longitude: -122.42))
        #expect(tables.networks[1].block.contains([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
        #expect(tables.defaultLatencyOrder == ["eu-west-1", "us-east-1"])
        let collection = try #require(tables.cidrCollections.first)
        #expect(collection.id == "6F2A51B1-5A5C-4C8E-9D3F-0C1B2A3D4E5F" && collection.name == "lab_1")
        #expect(collection.locations.mapValues { $0.map(\.description) }
            == ["office": ["127.0.0.0/24", "2001:db8:0:0:0:0:0:0/48"], "home": ["10.0.0.0/8"], "*": []])
    }

    @Test("Lab.TimeScale and Lab.Checkers accept their bounds", arguments: [("0.01", 0.01), ("100", 100.0), ("1e-1", 0.1)])
    func timeScaleBounds(_ text: String, value: Double) throws {
        #expect(try load("Lab: {TimeScale: \(text), Checkers: 1}\n").lab == LabSettings(timeScale: value, checkers: 1))
    }
}
