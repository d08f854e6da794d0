import DNSServer
import Logging
import Route53Model

/// The whole lab configuration (`Config/lab53.yaml`): server settings, hosted zones fully built
/// (IDs, name servers, apex NS/SOA), health checks with Route 53's defaults applied, the client
/// routing tables and the lab settings — all validated by the same rules as the API.
public struct LabConfig: Sendable, Hashable {
    public var server: ServerSettings
    /// In file order.
    public var hostedZones: [HostedZone]
    /// `HealthChecks`, in file order; every record set's `HealthCheckId` names one of them (HC-12b).
    public var healthChecks: [HealthCheck]
    /// `Lab.Networks`, `Lab.DefaultLatencyOrder`, `Lab.CidrCollections` (RP-07…RP-10).
    public var routingTables: ClientRoutingTables
    /// `Lab.TimeScale`, `Lab.Checkers`.
    public var lab: LabSettings
    /// `Events.Webhooks` (issue 5 item 5).
    public var events = EventSettings()

    public init(server: ServerSettings = ServerSettings(), hostedZones: [HostedZone] = [], healthChecks: [HealthCheck] = [],
                routingTables: ClientRoutingTables = .empty, lab: LabSettings = LabSettings()) {
        self.server = server
        self.hostedZones = hostedZones
        self.healthChecks = healthChecks
        self.routingTables = routingTables
        self.lab = lab
    }
}

/// How the lab runs health checks (lab extensions, not Route 53 settings).
public struct LabSettings: Sendable, Hashable {
    public static let defaultTimeScale = 1.0
    /// `TimeScale` must be above 0 and at most this.
    public static let maximumTimeScale = 100.0
    public static let defaultCheckers = 3
    public static let checkersRange = 1...16

    /// Multiplies every RequestInterval and probe timeout (issue 3 §2): 0.1 probes a 10 s check
    /// every second; FailureThreshold is kept. Both the real and the scaled values are displayed.
    public var timeScale: Double
    /// Virtual checkers per endpoint check (HC-05 models about 16 on AWS; LAB-03 says 2 per region).
    /// Checker `i` is shown as region `Regions[i % Regions.count]`. Each runs its own HC-06 state
    /// machine and the check is healthy iff more than 18 % of them see it healthy (HC-07): with the
    /// default 3, one healthy checker (33 %) keeps the check healthy, so it turns unhealthy only
    /// when all 3 checkers have seen FailureThreshold consecutive failures.
    public var checkers: Int

    public init(timeScale: Double = LabSettings.defaultTimeScale, checkers: Int = LabSettings.defaultCheckers) {
        self.timeScale = timeScale
        self.checkers = checkers
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
    /// `APIAccessKeys`: access key ID → secret. Empty: unsigned requests from loopback only.
    public var apiAccessKeys: [String: String] = [:]
    /// `QueryLog` (DNS-13, issue 5 item 4); nil: off.
    public var queryLog: QueryLogSettings?

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
