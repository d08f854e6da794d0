import DNSServer
import DNSWire
import Logging
import Route53Model
import ZoneText

/// Command-line values that override the configuration file (issue: "flags override the config").
public struct DaemonOverrides: Sendable, Hashable {
    public var configPath: String?
    public var dnsListen: [String]
    public var apiListen: String?
    /// `ORIGIN=PATH` pairs.
    public var zoneFiles: [String]
    public var logLevel: String?
    /// Seconds before an idle TCP connection is closed (RFC 7766 §6.2.3).
    public var tcpIdleTimeout: Double?
    /// Lab time scale for every health-check interval and probe timeout (overrides `Lab.TimeScale`).
    public var timeScale: Double?
    /// `--state-dir`: where the SQLite state lives (overrides `Server.StateDirectory`).
    public var stateDirectory: String?
    /// `--query-log PATH` (`-` = standard output): turns the query log on (overrides
    /// `Server.QueryLog.Path`, keeps its `BufferSize`; DNS-13).
    public var queryLog: String?

    public init(configPath: String? = nil, dnsListen: [String] = [], apiListen: String? = nil, zoneFiles: [String] = [],
                logLevel: String? = nil, tcpIdleTimeout: Double? = nil, timeScale: Double? = nil, stateDirectory: String? = nil) {
        self.stateDirectory = stateDirectory
        self.configPath = configPath
        self.dnsListen = dnsListen
        self.apiListen = apiListen
        self.zoneFiles = zoneFiles
        self.logLevel = logLevel
        self.tcpIdleTimeout = tcpIdleTimeout
        self.timeScale = timeScale
    }
}

/// Everything the daemon needs to run: the configuration file (or the built-in defaults) with the
/// command-line overrides applied and every `--zone-file` imported as a hosted zone.
public struct DaemonSettings: Sendable, Hashable {
    public var server: ServerSettings
    public var zones: [HostedZone]
    public var healthChecks: [HealthCheck]
    public var routingTables: ClientRoutingTables
    public var lab: LabSettings
    public var tcpIdleTimeout: Double
    /// `Events` (webhooks for health events, issue 5 item 5).
    public var events = EventSettings()

    public var dnsListen: [ListenAddress] { server.dnsListen }
    public var logLevel: Logger.Level { server.logLevel }

    /// Loads and validates; throws one error listing every problem, each naming its source.
    public static func resolve(_ overrides: DaemonOverrides) throws(DaemonSettingsError) -> DaemonSettings {
        var config = LabConfig()
        if let path = overrides.configPath {
            do {
                config = try ConfigLoader.load(path: path)
            } catch {
                throw DaemonSettingsError(lines: error.problems.map(\.description))
            }
        }
        var problems: [String] = []
        var server = config.server
        if !overrides.dnsListen.isEmpty {
            server.dnsListen = overrides.dnsListen.compactMap { text in
                parseListen(text, flag: "--dns-listen", problems: &problems)
            }
        }
        if let api = overrides.apiListen, let address = parseListen(api, flag: "--api-listen", problems: &problems) {
            server.apiListen = address
        }
        if let level = overrides.logLevel {
            if let parsed = Logger.Level(rawValue: level) {
                server.logLevel = parsed
            } else {
                problems.append("--log-level: '\(level)' is not one of trace|debug|info|notice|warning|error|critical")
            }
        }
        if let directory = overrides.stateDirectory {
            if directory.isEmpty {
                problems.append("--state-dir: must not be empty")
            } else {
                server.stateDirectory = directory
            }
        }
        if let path = overrides.queryLog {
            if path.isEmpty {
                problems.append("--query-log: must be a file name or - for standard output")
            } else {
                server.queryLog = QueryLogSettings(path: path, bufferSize: server.queryLog?.bufferSize ?? QueryLogSettings.defaultBufferSize)
            }
        }
        var idle = 10.0
        if let seconds = overrides.tcpIdleTimeout {
            if seconds > 0 && seconds <= 3600 {
                idle = seconds
            } else {
                problems.append("--tcp-idle-timeout: \(seconds) is out of range (0 < seconds ≤ 3600)")
            }
        }
        var lab = config.lab
        if let scale = overrides.timeScale {
            if scale > 0 && scale <= LabSettings.maximumTimeScale {
                lab.timeScale = scale
            } else {
                problems.append("--time-scale: \(scale) is out of range (0 < scale ≤ \(Int(LabSettings.maximumTimeScale)))")
            }
        }
        var zones = config.hostedZones
        for pair in overrides.zoneFiles {
            importZoneFile(pair, seed: server.seed, zones: &zones, problems: &problems)
        }
        guard problems.isEmpty else { throw DaemonSettingsError(lines: problems) }
        var settings = DaemonSettings(server: server, zones: zones, healthChecks: config.healthChecks,
                                      routingTables: config.routingTables, lab: lab, tcpIdleTimeout: idle)
        settings.events = config.events
        return settings
    }

    private static func parseListen(_ text: String, flag: String, problems: inout [String]) -> ListenAddress? {
        do {
            return try ListenAddress(parsing: text)
        } catch {
            problems.append("\(flag): '\(text)': \(error)")
            return nil
        }
    }

    /// `--zone-file ORIGIN=PATH`: a hosted zone whose records come from a BIND-format file; its
    /// apex SOA/NS are generated the Route 53 way (as a Route 53 zone import does). It replaces a
    /// configured zone of the same name.
    private static func importZoneFile(_ pair: String, seed: UInt64, zones: inout [HostedZone], problems: inout [String]) {
        let flag = "--zone-file \(pair)"
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex, pair.index(after: equals) != pair.endIndex else {
            problems.append("\(flag): expected ORIGIN=PATH, e.g. example.test.=db.example")
            return
        }
        let origin = String(pair[..<equals])
        let path = String(pair[pair.index(after: equals)...])
        do {
            let name = try HostedZoneFactory.zoneName(origin)
            let others = zones.filter { $0.name != name }
            let records = try ZoneFile.read(path: path, origin: name)
            let empty = try HostedZoneFactory.makeZone(name: name, callerReference: "zone-file:\(name)", existing: others, seed: seed)
            let zone = try HostedZoneFactory.importZoneFile(records: records, into: empty)
            zones = others + [zone]
        } catch let error as ZoneTextError {
            problems.append("\(flag): \(error)")
        } catch {
            problems.append("\(flag): \(path): \(error)")
        }
    }
}

/// Why the daemon's settings could not be assembled; one line per problem.
public struct DaemonSettingsError: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}
