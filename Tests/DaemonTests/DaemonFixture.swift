import DNSClient
import DNSWire
import Foundation
import TestSupport

/// Shared set-up for tests that run the real `lab53d` (architecture pattern 5): the example
/// configuration `Config/lab53.yaml` (docs are executable, pattern 6) served on ephemeral ports
/// on 127.0.0.1 and ::1, plus a test zone for cases the example does not hold.
enum DaemonFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var exampleConfigPath: String { repositoryRoot.appendingPathComponent("Config/lab53.yaml").path }

    /// `lab53d --config Config/lab53.yaml` on port 0 (IPv4 and IPv6) plus `extra` arguments.
    /// The example's health checks probe targets that tests do not start; `--time-scale 100`
    /// stretches their 1 s intervals to 100 s, so every check keeps its initial healthy state
    /// (HC-08) for the life of a test and the policy rows answer deterministically.
    static func startExample(extra: [String] = []) throws -> DaemonProcess {
        try DaemonProcess(arguments: ["--config", exampleConfigPath, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                                      "--dns-listen", "[::1]:0", "--log-level", "warning", "--time-scale", "100"] + extra)
    }

    /// Writes `yaml` (and any `files`) to a fresh directory and starts `lab53d` on it, port 0.
    static func start(configYAML yaml: String, files: [String: String] = [:], extra: [String] = []) throws -> DaemonProcess {
        let directory = try TemporaryDirectory()
        let config = try directory.write("lab53.yaml", yaml)
        for (name, text) in files { try directory.write(name, text) }
        return try DaemonProcess(arguments: ["--config", config, "--dns-listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0", "--log-level", "warning"] + extra,
                                 temporaryFiles: [directory.url])
    }

    /// A stub client aimed at the daemon's first listener of the family.
    static func client(_ daemon: DaemonProcess, ipv6: Bool = false) throws -> DNSStubClient {
        guard let listener = daemon.listener("udp", ipv6: ipv6) else {
            throw DaemonProcess.StartError(description: "no \(ipv6 ? "IPv6" : "IPv4") UDP listener in \(daemon.listeners)")
        }
        return DNSStubClient(server: DNSServerAddress(host: listener.host, port: listener.port), timeout: .seconds(5))
    }

    static func address(_ daemon: DaemonProcess, ipv6: Bool = false) -> DNSServerAddress {
        let listener = daemon.listener("udp", ipv6: ipv6)!
        return DNSServerAddress(host: listener.host, port: listener.port)
    }

    /// A zone for size and protocol edge cases: a 30-value TXT set (Q22), a 5-value TXT of ~350 bytes, a large A set, and a
    /// CNAME chain target outside the zone.
    static let edgeZoneYAML: String = {
        let txt = (1...30).map { "{Value: '\"txt value number \($0) padding padding padding\"'}" }.joined(separator: ", ")
        let medium = (1...5).map { "{Value: '\"medium value \($0) with enough text to need about sixty bytes\"'}" }.joined(separator: ", ")
        let many = (1...40).map { "{Value: 198.51.100.\($0)}" }.joined(separator: ", ")
        return """
            Server:
              Seed: 7
            HostedZones:
              - Name: edge.lab53.test.
                ResourceRecordSets:
                  - {Name: big.edge.lab53.test., Type: TXT, TTL: 60, ResourceRecords: [\(txt)]}
                  - {Name: many.edge.lab53.test., Type: A, TTL: 60, ResourceRecords: [\(many)]}
                  - {Name: medium.edge.lab53.test., Type: TXT, TTL: 60, ResourceRecords: [\(medium)]}
                  - {Name: out.edge.lab53.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: target.example.net.}]}
                  - {Name: Mixed.Edge.Lab53.Test., Type: A, TTL: 60, ResourceRecords: [{Value: 203.0.113.7}]}
              - Name: child.edge.lab53.test.
                ResourceRecordSets:
                  - {Name: www.child.edge.lab53.test., Type: A, TTL: 60, ResourceRecords: [{Value: 203.0.113.8}]}
            """
    }()
}
