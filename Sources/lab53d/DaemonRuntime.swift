import AnswerEngine
import ArgumentParser
import ControlPlane
import DNSServer
import Dispatch
import Foundation
import HealthChecking
import LabStore
import Logging
import NIOCore
import NIOPosix

/// Owns the running daemon: event loops, the durable state, the serving state, DNS listeners, the
/// health monitor and its publisher, the control API (Route 53 + lab), and signal handling
/// (SIGTERM/SIGINT stop, SIGHUP reloads and keeps the old state on error).
struct DaemonRuntime {
    let overrides: DaemonOverrides
    let settings: DaemonSettings
    let logger = Logger(label: "lab53d")

    func run() async throws {
        // Signals are claimed before anything is announced: a SIGHUP sent right after `ready`
        // must reload, not take the default action (terminate).
        let signals = SignalStream.make([SIGTERM, SIGINT, SIGHUP])
        let store: StateStore
        do {
            store = try StateStore(directory: settings.server.stateDirectory)
        } catch {
            logger.critical("cannot open the state store", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        // Zones come from the store; the service publishes them once reconciled with the config.
        let publisher = Publisher(initial: [], routingTables: settings.routingTables)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let resolver = NameResolver(store: publisher.store)
        var monitorSettings = MonitorSettings(timeScale: settings.lab.timeScale, checkers: settings.lab.checkers,
                                              seed: settings.server.seed)
        // HealthService writes the one notice line per transition (with publication stages).
        monitorSettings.transitionLogLevel = .info
        let monitor = HealthMonitor(prober: ProbeDispatcher(group: group), settings: monitorSettings,
                                    resolver: { await resolver.resolve($0) }, logger: logger)
        let health = HealthService(monitor: monitor, store: publisher.store, logger: logger)
        let control: Route53Service
        do {
            control = try Route53Service(store: store, publisher: publisher, health: health, seed: settings.server.seed,
                                         routingTables: settings.routingTables, configZones: settings.zones,
                                         configHealthChecks: settings.healthChecks, logger: logger)
        } catch {
            logger.critical("cannot load the stored state", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let monitorTask = Task { await monitor.run() }
        let healthTask = Task { await health.run() }

        var options = DNSServer.Options()
        options.tcpIdleTimeout = .milliseconds(Int64(settings.tcpIdleTimeout * 1000))
        let server = DNSServer(group: group, store: publisher.store, options: options, logger: logger)
        let authenticator = Route53Authenticator(keys: settings.server.apiAccessKeys)
        let route53 = Route53Middleware(service: control, authenticator: authenticator, logger: logger)
        let api = LabAPIServer(api: LabAPI(health: health, store: publisher.store, control: control, route53: route53),
                               group: group, logger: logger)
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
        if !authenticator.verifiesSignatures && !settings.server.apiListen.isLoopback {
            logger.warning("""
                Server.APIAccessKeys is empty: the control API on \(settings.server.apiListen) accepts unsigned requests \
                from loopback peers only; configure access keys to allow other peers
                """)
        }
        // Written unbuffered: scripts and tests read these lines from a pipe while we keep running.
        FileHandle.standardOutput.write(Data(((banner + ["ready"]).joined(separator: "\n") + "\n").utf8))
        logger.notice("serving", metadata: ["zones": "\(control.hostedZoneCount)", "health_checks": "\(control.healthCheckCount)",
                                            "generation": "\(publisher.store.current.generation)",
                                            "state": "\(settings.server.stateDirectory)"])

        for await signal in signals {
            if signal == SIGHUP {
                reload(control: control)
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

    /// Re-reads the configuration; a valid one is reconciled into the state and published (health
    /// state kept for unchanged checks, API-created objects kept), an invalid one changes nothing.
    private func reload(control: Route53Service) {
        do {
            let fresh = try DaemonSettings.resolve(overrides)
            if fresh.dnsListen != settings.dnsListen || fresh.server.apiListen != settings.server.apiListen {
                logger.warning("listen addresses changed; restart lab53d to apply them")
            }
            if fresh.lab != settings.lab {
                logger.warning("Lab.TimeScale / Lab.Checkers changed; restart lab53d to apply them")
            }
            if fresh.server.stateDirectory != settings.server.stateDirectory || fresh.server.apiAccessKeys != settings.server.apiAccessKeys {
                logger.warning("Server.StateDirectory / Server.APIAccessKeys changed; restart lab53d to apply them")
            }
            try control.reload(seed: fresh.server.seed, routingTables: fresh.routingTables, configZones: fresh.zones,
                               configHealthChecks: fresh.healthChecks)
            logger.notice("configuration reloaded", metadata: ["zones": "\(control.hostedZoneCount)",
                                                               "health_checks": "\(control.healthCheckCount)"])
        } catch {
            logger.error("reload failed; previous configuration still active", metadata: ["error": "\(error)"])
        }
    }
}
