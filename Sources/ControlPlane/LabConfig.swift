import Logging
import Route53Model

/// The whole lab configuration (`Config/lab53.yaml`): server settings and the hosted zones, fully
/// built (IDs, name servers, apex NS/SOA) and validated by the same rules as the API.
public struct LabConfig: Sendable, Hashable {
    public var server: ServerSettings
    /// In file order.
    public var hostedZones: [HostedZone]

    public init(server: ServerSettings = ServerSettings(), hostedZones: [HostedZone] = []) {
        self.server = server
        self.hostedZones = hostedZones
    }
}

/// The `Server` section, with its defaults for absent keys.
public struct ServerSettings: Sendable, Hashable {
    public static let defaultDNSListen = [ListenAddress(host: "127.0.0.1", port: 5353)]
    public static let defaultAPIListen = ListenAddress(host: "127.0.0.1", port: 8053)
    public static let defaultStateDirectory = "state"
    public static let defaultSeed: UInt64 = 0

    public var dnsListen: [ListenAddress]
    public var apiListen: ListenAddress
    public var logLevel: Logger.Level
    /// Resolved against the config file's directory when relative.
    public var stateDirectory: String
    /// Seed of every deterministic choice: zone IDs, name servers (LAB-04).
    public var seed: UInt64

    public init(dnsListen: [ListenAddress] = ServerSettings.defaultDNSListen,
                apiListen: ListenAddress = ServerSettings.defaultAPIListen, logLevel: Logger.Level = .info,
                stateDirectory: String = ServerSettings.defaultStateDirectory, seed: UInt64 = ServerSettings.defaultSeed) {
        self.dnsListen = dnsListen
        self.apiListen = apiListen
        self.logLevel = logLevel
        self.stateDirectory = stateDirectory
        self.seed = seed
    }
}
