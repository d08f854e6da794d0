import AnswerEngine
import ArgumentParser
import ControlPlane
import DNSServer
import Dispatch
import Foundation
import HealthChecking
import Logging
import NIOCore
import NIOPosix

/// Owns the running daemon: event loops, the serving state, DNS listeners, the health monitor
/// and its publisher, the lab API, and signal handling (SIGTERM/SIGINT stop, SIGHUP reloads and
/// keeps the old state on error).
struct DaemonRuntime {
    let overrides: DaemonOverrides
    let settings: DaemonSettings
    let logger = Logger(label: "lab53d")

    func run() async throws {
        // Signals are claimed before anything is announced: a SIGHUP sent right after `ready`
        // must reload, not take the default action (terminate).
        let signals = SignalStream.make([SIGTERM, SIGINT, SIGHUP])
        let publisher = Publisher(initial: settings.zones, routingTables: settings.routingTables)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let resolver = NameResolver(store: publisher.store)
        var monitorSettings = MonitorSettings(timeScale: settings.lab.timeScale, checkers: settings.lab.checkers,
                                              seed: settings.server.seed)
        // HealthService writes the one notice line per transition (with publication stages).
        monitorSettings.transitionLogLevel = .info
        let monitor = HealthMonitor(prober: ProbeDispatcher(group: group), settings: monitorSettings,
                                    resolver: { await resolver.resolve($0) }, logger: logger)
        let health = HealthService(monitor: monitor, store: publisher.store, logger: logger)
        health.apply(settings.healthChecks)
        let monitorTask = Task { await monitor.run() }
        let healthTask = Task { await health.run() }

        var options = DNSServer.Options()
        options.tcpIdleTimeout = .milliseconds(Int64(settings.tcpIdleTimeout * 1000))
        let server = DNSServer(group: group, store: publisher.store, options: options, logger: logger)
        let api = LabAPIServer(api: LabAPI(health: health, store: publisher.store), group: group, logger: logger)
        let banner: [String]
        do {
            let bound = try await server.start(endpoints: settings.dnsListen)
            let apiAddress = try await api.start(host: settings.server.apiListen.host, port: settings.server.apiListen.port)
            banner = bound.map(\.description) + ["api http \(apiAddress)"]
        } catch {
            logger.critical("cannot bind listeners", metadata: ["error": "\(error)"])
            await api.stop()
            await server.stop()
            try await group.shutdownGracefully()
            throw ExitCode(1)
        }
        // Written unbuffered: scripts and tests read these lines from a pipe while we keep running.
        FileHandle.standardOutput.write(Data(((banner + ["ready"]).joined(separator: "\n") + "\n").utf8))
        logger.notice("serving", metadata: ["zones": "\(settings.zones.count)", "health_checks": "\(settings.healthChecks.count)",
                                            "generation": "\(publisher.store.current.generation)"])

        for await signal in signals {
            if signal == SIGHUP {
                reload(publisher: publisher, health: health)
                continue
            }
            logger.notice("shutting down", metadata: ["signal": "\(signal)"])
            break
        }
        await api.stop()
        await server.stop()
        await monitor.shutdown()
        monitorTask.cancel()
        healthTask.cancel()
        try await group.shutdownGracefully()
    }

    /// Re-reads the configuration; a valid one is compiled and swapped in (health state kept for
    /// unchanged checks), an invalid one changes nothing.
    private func reload(publisher: Publisher, health: HealthService) {
        do {
            let fresh = try DaemonSettings.resolve(overrides)
            if fresh.dnsListen != settings.dnsListen || fresh.server.apiListen != settings.server.apiListen {
                logger.warning("listen addresses changed; restart lab53d to apply them")
            }
            if fresh.lab != settings.lab {
                logger.warning("Lab.TimeScale / Lab.Checkers changed; restart lab53d to apply them")
            }
            health.apply(fresh.healthChecks)
            let generation = publisher.publish(zones: fresh.zones, routingTables: fresh.routingTables)
            logger.notice("configuration reloaded", metadata: ["zones": "\(fresh.zones.count)",
                                                               "health_checks": "\(fresh.healthChecks.count)",
                                                               "generation": "\(generation)"])
        } catch {
            logger.error("reload failed; previous configuration still active", metadata: ["error": "\(error)"])
        }
    }
}
