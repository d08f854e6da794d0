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
import Route53Model

/// Owns the running daemon: event loops, the durable state, the serving state, DNS listeners, the
/// health monitor and its publisher, the control API (Route 53 + lab), and signal handling
/// (SIGTERM/SIGINT stop, SIGHUP reloads and keeps the old state on error).
struct DaemonRuntime {
    let overrides: DaemonOverrides
    let settings: DaemonSettings
    let logger = Logger(label: "lab53d")
    /// READY/RELOADING/STOPPING for systemd (`Type=notify`); a no-op without `$NOTIFY_SOCKET`.
    let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)

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
        // Issue 5 item 4: the query log (DNS-13) opens before anything serves, so a path that
        // cannot be written stops the start rather than silently logging nothing.
        var queryLog: QueryLogWriter?
        if let log = settings.server.queryLog {
            do {
                queryLog = try QueryLogWriter(path: log.path, bufferSize: log.bufferSize)
            } catch {
                logger.critical("cannot open the query log", metadata: ["error": "\(error)"])
                throw ExitCode(1)
            }
        }
        if let queryLog { publisher.metrics.attach(queryLog: queryLog) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let resolver = NameResolver(store: publisher.store)
        var monitorSettings = MonitorSettings(timeScale: settings.lab.timeScale, checkers: settings.lab.checkers,
                                              seed: settings.server.seed)
        // HealthService writes the one notice line per transition (with publication stages).
        monitorSettings.transitionLogLevel = .info
        // Probes due within 2 ms start together (never early; issue 6: 10,000 checks a second).
        monitorSettings.wakeCoalescing = .milliseconds(2)
        // Closed at shutdown so no probe starts on, or outlives, the event loops (issue 5 item 2).
        let probes = ProbeGate()
        let monitor = HealthMonitor(prober: ProbeDispatcher(group: group, gate: probes), settings: monitorSettings,
                                    resolver: { await resolver.resolve($0) }, logger: logger,
                                    probeObserver: { [timings = publisher.metrics.probeTimings] in
                                        timings.observe(checkId: $0, result: $1)  // HC-14 histograms (issue 5 item 3)
                                    })
        let health = HealthService(monitor: monitor, store: publisher.store, logger: logger)
        let control: Route53Service
        do {
            control = try Route53Service(store: store, publisher: publisher, health: health, seed: settings.server.seed,
                                         routingTables: settings.routingTables, configZones: settings.zones,
                                         configHealthChecks: settings.healthChecks, deferSeedCommit: true, logger: logger)
        } catch {
            logger.critical("cannot load the stored state", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let monitorTask = Task { await monitor.run() }
        let healthTask = Task { await health.run() }
        // Issue 5 item 5: each health event also goes to the configured webhooks (the SNS
        // analogue); events name the record sets they affect.
        health.setRecordSetLookup { control.recordSets(namingHealthCheck: $0) }
        let webhooks = WebhookDispatcher(events: health.events, sender: HTTPWebhookSender(client: WebhookHTTPClient(group: group)),
                                         seed: settings.server.seed, logger: logger)
        webhooks.apply(settings.events.webhooks)
        let webhookTask = Task { await webhooks.run() }

        var options = DNSServer.Options()
        options.tcpIdleTimeout = .milliseconds(Int64(settings.tcpIdleTimeout * 1000))
        options.queryLog = queryLog?.ring
        let server = DNSServer(group: group, store: publisher.store, options: options, logger: logger)
        publisher.metrics.attach(serverCounters: server.counters)
        let authenticator = Route53Authenticator(keys: settings.server.apiAccessKeys)
        let route53 = Route53Middleware(service: control, authenticator: authenticator, logger: logger)
        let api = LabAPIServer(api: LabAPI(health: health, store: publisher.store, control: control, route53: route53),
                               group: group, logger: logger)
        let banner: [String]
        let bound: [BoundListener]
        let apiAddress: ListenAddress
        do {
            bound = try await server.start(endpoints: settings.dnsListen)
            // The config is served from here on; its store rows are written before the API (the
            // only other writer) listens. A million-record zone answers seconds sooner (issue 6).
            try control.commitPendingWrites()
            // The configuration is loaded, served and stored: the startup's freed tables go back
            // to the kernel, and large blocks are mapped from here on (`AllocatorTuning`).
            AllocatorTuning.endStartup()
            apiAddress = try await api.start(host: settings.server.apiListen.host, port: settings.server.apiListen.port)
            banner = bound.map(\.description) + ["api http \(apiAddress)"]
        } catch {
            logger.critical(error is Route53Error ? "cannot write the stored state" : "cannot bind listeners",
                            metadata: ["error": "\(error)"])
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
        // Issue 5 item 1: READY=1 only now — listeners bound, stored state loaded and published,
        // `ready` printed — so `systemctl start` returns when DNS really answers.
        let status = { Self.statusLine(zones: control.hostedZoneCount, healthChecks: control.healthCheckCount, dns: bound, api: apiAddress) }
        notifier.ready(status: status())

        for await signal in signals {
            if signal == SIGHUP {
                // The notify-reload protocol: RELOADING=1 first, READY=1 once the outcome is known —
                // also after a rejected file, since the previous configuration keeps serving.
                notifier.reloading(status: "reloading the configuration")
                if let failure = reload(control: control, webhooks: webhooks) {
                    notifier.ready(status: "reload failed; previous configuration still active: \(failure); " + status())
                } else {
                    notifier.ready(status: status())
                }
                continue
            }
            logger.notice("shutting down", metadata: ["signal": "\(signal)"])
            notifier.stopping(status: "stopping: draining DNS TCP connections and health probes")
            break
        }
        // Ends every `/_lab/events` stream first: an open stream would hold the listener's
        // graceful shutdown forever.
        health.events.finish()
        await webhooks.shutdown()
        webhookTask.cancel()
        await api.stop()
        await server.stop()
        // Every answered query's line is written before exit (bounded: a stuck destination waits 2 s at most).
        queryLog?.stop()
        await monitor.shutdown()
        await probes.close()
        monitorTask.cancel()
        healthTask.cancel()
        try await group.shutdownGracefully()
        // Every writer has stopped: the close folds the WAL into the database file.
        do {
            try store.close()
        } catch {
            logger.warning("cannot close the state store cleanly; the next start recovers its WAL", metadata: ["error": "\(error)"])
        }
        // The last line of a clean shutdown: listeners drained, probes ended, loops stopped.
        logger.notice("stopped")
    }

    /// Re-reads the configuration; a valid one is reconciled into the state and published (health
    /// state kept for unchanged checks, API-created objects kept), an invalid one changes nothing.
    /// Returns why the reload failed, or nil when it was applied.
    private func reload(control: Route53Service, webhooks: WebhookDispatcher) -> String? {
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
            if fresh.server.queryLog != settings.server.queryLog {
                logger.warning("Server.QueryLog changed; restart lab53d to apply it")
            }
            try control.reload(seed: fresh.server.seed, routingTables: fresh.routingTables, configZones: fresh.zones,
                               configHealthChecks: fresh.healthChecks)
            webhooks.apply(fresh.events.webhooks)
            logger.notice("configuration reloaded", metadata: ["zones": "\(control.hostedZoneCount)",
                                                               "health_checks": "\(control.healthCheckCount)"])
            return nil
        } catch {
            logger.error("reload failed; previous configuration still active", metadata: ["error": "\(error)"])
            return "\(error)"
        }
    }
}
