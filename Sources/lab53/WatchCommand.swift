import ArgumentParser
import Foundation
import Route53Model

/// `lab53 watch`: follows the daemon's health event stream (`GET /_lab/events`, issue 5 item 5)
/// and prints one line per transition — human by default, the event's JSON with `--output json`.
/// A dropped connection is re-opened with `Last-Event-ID`, so events published meanwhile are
/// replayed (or reported lost when the daemon no longer has them).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print health events (transitions to unhealthy and back) as they happen.",
        discussion: """
            Progress and reconnection notices go to standard error; events to standard output, one per line. \
            Exits after --count events, or on Ctrl-C. Exit code 2 when lab53d cannot be reached at first.
            """)

    @OptionGroup var lab: LabOptions
    @Option(help: "Exit after this many health events.") var count: Int?
    @Option(name: .customLong("last-event-id"),
            help: ArgumentHelp("Start after this event (N, or RUN-N as sent in the stream): "
                               + "later events the daemon still keeps are replayed first (0: all).",
                               valueName: "id"))
    var lastEventId: String?
    @Option(help: ArgumentHelp("Seconds between reconnection attempts.", valueName: "seconds"))
    var retry: Double = 1

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if !(retry > 0 && retry <= 300) { throw ValidationError("--retry must be above 0 and at most 300 seconds") }
    }

    func run() throws {
        let client = lab.client
        guard let url = URL(string: client.base + "/_lab/events") else {
            throw LabClient.Failure(description: "bad URL \(client.base)/_lab/events")
        }
        var resumeAfter = lastEventId
        var printed = 0
        var everConnected = false
        while true {
            let connection = EventStreamConnection(url: url, lastEventId: resumeAfter)
            defer { connection.close() }
            reading: while true {
                switch connection.next() {
                case .event(let event):
                    if event.event == "snapshot" {
                        everConnected = true
                        notice(snapshotLine(event.data, url: url))
                    } else if event.event == "lost" {
                        let lost = (try? JSONDecoder().decode(LabEventsLost.self, from: Data(event.data.utf8)))?.lost ?? 0
                        notice("lab53: \(lost) event(s) lost (the daemon no longer has them)")
                    } else if event.event == "health" {
                        if let id = event.id { resumeAfter = id }
                        try show(event.data)
                        printed += 1
                        if let count, printed >= count { return }
                    }
                case .refused(let status, let body):
                    if let error = try? JSONDecoder().decode(LabError.self, from: Data(body.utf8)) {
                        throw LabClient.Failure(description: "\(error.code): \(error.message)")
                    }
                    throw LabClient.Failure(description: "HTTP \(status) from \(url.absoluteString): \(body)")
                case .ended(let error):
                    guard everConnected else {
                        throw LabClient.Failure(description: "cannot reach lab53d at \(client.base): "
                                                + (error?.localizedDescription ?? "connection closed"), exitCode: 2)
                    }
                    notice("lab53: event stream ended (\(error?.localizedDescription ?? "closed by lab53d")); reconnecting")
                    break reading
                }
            }
            Thread.sleep(forTimeInterval: retry)
        }
    }

    /// Written unbuffered: a pipe reader (a script, `grep --line-buffered`) sees each event at once.
    private func show(_ data: String) throws {
        var text = data
        if lab.output != .json, let event = try? JSONDecoder().decode(LabHealthEvent.self, from: Data(data.utf8)) {
            text = Self.line(event)
        }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// `2025-01-01T00:00:00.000Z  #3  web-primary  Healthy → Unhealthy  (forced unhealthy by drill)  app.demo.lab53.test. A: 127.0.0.2`
    static func line(_ event: LabHealthEvent) -> String {
        var parts = [event.time, "#\(event.eventId)", event.healthCheckId, "\(event.from) → \(event.to)"]
        if event.realStatus != event.to { parts.append("real \(event.realStatus)") }
        parts.append("(\(event.reason))")
        for answer in event.answers {
            let values = answer.answer.compactMap { $0.split(separator: "\t").last.map(String.init) }
            parts.append("\(answer.name) \(answer.type): \(values.isEmpty ? answer.rcode : values.joined(separator: ", "))")
        }
        return parts.joined(separator: "  ")
    }

    private func snapshotLine(_ data: String, url: URL) -> String {
        guard let snapshot = try? JSONDecoder().decode(LabEventSnapshot.self, from: Data(data.utf8)) else {
            return "lab53: watching \(url.absoluteString)"
        }
        let unhealthy = snapshot.healthChecks.filter { $0.status != "Healthy" }.map(\.id)
        return "lab53: watching \(url.absoluteString): \(snapshot.healthChecks.count) health checks"
            + (unhealthy.isEmpty ? ", all healthy" : ", unhealthy: \(unhealthy.joined(separator: ", "))")
    }

    private func notice(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
