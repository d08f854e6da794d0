import AnswerEngine
import ArgumentParser
import ControlPlane
import DNSServer
import Foundation
import Logging
import NIOCore
import NIOPosix

/// `lab53d`: the daemon. Thin by design (architecture "Targets"): parse flags, load settings,
/// start the listeners, print what was bound, then serve until SIGTERM/SIGINT; SIGHUP reloads.
@main
struct Lab53d: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab53d",
        abstract: "Route 53 on one machine: an authoritative DNS server for hosted zones.",
        discussion: """
            With no --config the daemon runs on built-in defaults (DNS on 127.0.0.1:5353, empty store).
            Flags override the config file. Port 0 binds an ephemeral port; each bound listener is printed
            as `dns udp HOST:PORT` / `dns tcp HOST:PORT`, followed by `ready`.
            """)

    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML or JSON).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("check-config"),
            help: ArgumentHelp("Validate a configuration file and exit (0 = valid).", valueName: "file"))
    var checkConfig: String?

    @Option(name: .customLong("dns-listen"), parsing: .singleValue,
            help: ArgumentHelp("DNS listen address (UDP and TCP); repeatable. IPv6 as [::1]:53.", valueName: "host:port"))
    var dnsListen: [String] = []

    @Option(name: .customLong("api-listen"),
            help: ArgumentHelp("Control API listen address (served once the API exists).", valueName: "host:port"))
    var apiListen: String?

    @Option(name: .customLong("zone-file"), parsing: .singleValue,
            help: ArgumentHelp("Serve a BIND-format zone file as a hosted zone; repeatable. Apex SOA/NS are generated the Route 53 way.",
                               valueName: "origin=path"))
    var zoneFile: [String] = []

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace|debug|info|notice|warning|error|critical", valueName: "level"))
    var logLevel: String?

    @Option(name: .customLong("tcp-idle-timeout"),
            help: ArgumentHelp("Seconds before an idle DNS TCP connection is closed (default 10).", valueName: "seconds"))
    var tcpIdleTimeout: Double?

    @Option(name: .customLong("time-scale"),
            help: ArgumentHelp("Lab extension: multiply every health-check interval and probe timeout (0.1 = ten times faster; thresholds kept).",
                               valueName: "factor"))
    var timeScale: Double?

    @Option(name: .customLong("query-log"),
            help: ArgumentHelp("Write Route 53 query-log lines (DNS-13) to this file, or - for standard output; overrides Server.QueryLog.Path.",
                               valueName: "path"))
    var queryLog: String?

    @Option(name: .customLong("state-dir"),
            help: ArgumentHelp("Directory of the durable state (lab53.sqlite); overrides Server.StateDirectory.", valueName: "dir"))
    var stateDirectory: String?

    func run() async throws {
        AllocatorTuning.beginStartup()
        if let checkConfig {
            try Self.checkConfiguration(path: checkConfig)
            return
        }
        var overrides = DaemonOverrides(configPath: config, dnsListen: dnsListen, apiListen: apiListen,
                                        zoneFiles: zoneFile, logLevel: logLevel, tcpIdleTimeout: tcpIdleTimeout, timeScale: timeScale,
                                        stateDirectory: stateDirectory)
        overrides.queryLog = queryLog
        let settings: DaemonSettings
        do {
            settings = try DaemonSettings.resolve(overrides)
        } catch {
            let lines = "\(error)".split(separator: "\n", omittingEmptySubsequences: false)
            FileHandle.standardError.write(Data(lines.map { "lab53d: \($0)\n" }.joined().utf8))
            throw ExitCode(2)
        }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await DaemonRuntime(overrides: overrides, settings: settings).run()
    }

    static func checkConfiguration(path: String) throws {
        do {
            let settings = try DaemonSettings.resolve(DaemonOverrides(configPath: path))
            let records = settings.zones.reduce(0) { $0 + $1.recordSets.count }
            print("\(path): OK (\(settings.zones.count) hosted zones, \(records) record sets, \(settings.healthChecks.count) health checks)")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
