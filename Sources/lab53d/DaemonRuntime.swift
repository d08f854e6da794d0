import AnswerEngine
import ArgumentParser
import ControlPlane
import DNSServer
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Owns the running daemon: the event loops, the snapshot store, the DNS listeners and the
/// signal handling (SIGTERM/SIGINT stop, SIGHUP reload keeping the old state on error).
struct DaemonRuntime {
    let overrides: DaemonOverrides
    let settings: DaemonSettings
    let logger = Logger(label: "lab53d")

    func run() async throws {
        // Signals are claimed before anything is announced: a SIGHUP sent right after `ready`
        // must reload, not take the default action (terminate).
        let signals = SignalStream.make([SIGTERM, SIGINT, SIGHUP])
        let publisher = Publisher(initial: settings.zones)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        var options = DNSServer.Options()
        options.tcpIdleTimeout = .milliseconds(Int64(settings.tcpIdleTimeout * 1000))
        let server = DNSServer(group: group, store: publisher.store, options: options, logger: logger)
        let bound: [BoundListener]
        do {
            bound = try await server.start(endpoints: settings.dnsListen.map { ListenEndpoint(host: $0.host, port: $0.port) })
        } catch {
            logger.critical("cannot bind DNS listeners", metadata: ["error": "\(error)"])
            await server.stop()
            try await group.shutdownGracefully()
            throw ExitCode(1)
        }
        // Written unbuffered: scripts and tests read these lines from a pipe while we keep running.
        let banner = bound.map(\.description) + ["ready"]
        FileHandle.standardOutput.write(Data((banner.joined(separator: "\n") + "\n").utf8))
        logger.notice("serving", metadata: ["zones": "\(settings.zones.count)", "generation": "\(publisher.store.current.generation)"])

        for await signal in signals {
            if signal == SIGHUP {
                reload(publisher: publisher)
                continue
            }
            logger.notice("shutting down", metadata: ["signal": "\(signal)"])
            break
        }
        await server.stop()
        try await group.shutdownGracefully()
    }

    /// Re-reads the configuration; a valid one is compiled and swapped in, an invalid one changes nothing.
    private func reload(publisher: Publisher) {
        do {
            let fresh = try DaemonSettings.resolve(overrides)
            if fresh.dnsListen != settings.dnsListen {
                logger.warning("listen addresses changed; restart lab53d to apply them")
            }
            let generation = publisher.publish(zones: fresh.zones)
            logger.notice("configuration reloaded", metadata: ["zones": "\(fresh.zones.count)", "generation": "\(generation)"])
        } catch {
            logger.error("reload failed; previous configuration still active", metadata: ["error": "\(error)"])
        }
    }
}

/// POSIX signals as an async sequence (Dispatch sources; the default action is disabled first).
enum SignalStream {
    static func make(_ signals: [Int32]) -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let queue = DispatchQueue(label: "lab53d.signals")
            let sources = SignalSources(signals.map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            })
            continuation.onTermination = { _ in sources.cancel() }
        }
    }
}

/// The dispatch sources behind `SignalStream`; only cancelled once, from the stream's termination.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
