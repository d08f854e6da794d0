import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Route53Model

extension LabAPI {
    /// A comment line this often keeps a quiet stream open through proxies and idle timers, and
    /// lets the server notice a client that went away.
    static let heartbeatInterval: Duration = .seconds(15)
    /// What an EventSource waits before reconnecting (it then sends `Last-Event-ID`).
    static let reconnectMilliseconds = 1000

    /// The health event stream, the status document and the status page (issue 5 items 5 and 7).
    func addEventRoutes(to router: Router<ControlRequestContext>) {
        router.get("_lab/events") { request, _ in
            try eventStream(lastEventId: Self.lastEventId(request).flatMap(health.events.resumePoint))
        }
        router.get("_lab/status") { _, _ in
            try Self.json(LabView.status(zones: control.hostedZones, reports: health.monitor.reports(), state: store.current,
                                         events: health.events))
        }
        router.get("/") { _, _ in StatusPage.response() }
        router.get("status") { _, _ in StatusPage.response() }
    }

    /// `GET /_lab/events`: `text/event-stream` with a `snapshot` of every check first, then one
    /// `health` event per transition (`id:` = `EventId`), `lost` when this client fell behind,
    /// and a comment every `heartbeatInterval`. Ends when the client goes or the daemon stops.
    func eventStream(lastEventId: UInt64?) throws -> Response {
        let subscription = health.events.subscribe(after: lastEventId)
        let snapshot = LabEventSnapshot(
            lastEventId: health.events.lastEventId, runId: health.events.runId,
            healthChecks: health.monitor.reports().map { report in
                LabCheckStatus(id: report.check.id, status: LabView.word(report.effectiveHealthy),
                               realStatus: LabView.word(report.realHealthy))
            })
        let opening = ServerSentEvent.retry(milliseconds: Self.reconnectMilliseconds)
            + ServerSentEvent(event: "snapshot", data: try Self.line(snapshot)).encoded
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { subscription.cancel() }
            try await writer.write(ByteBuffer(string: opening))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while true {
                        try await Task.sleep(for: Self.heartbeatInterval)
                        subscription.heartbeat()
                    }
                }
                for await delivery in subscription {
                    try await writer.write(ByteBuffer(string: try Self.frame(delivery)))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        })
    }

    /// The text of one delivery on the stream.
    static func frame(_ delivery: HealthEventSubscription.Delivery) throws -> String {
        switch delivery {
        case .event(let event):
            return ServerSentEvent(event: event.type, id: event.globalId, data: try line(event)).encoded
        case .lost(let count):
            return ServerSentEvent(event: "lost", data: try line(LabEventsLost(lost: count))).encoded
        case .heartbeat:
            return ServerSentEvent.comment("heartbeat")
        }
    }

    /// `Last-Event-ID` (sent by a reconnecting EventSource), or `?lastEventId=` for first
    /// connections from clients that cannot set headers.
    static func lastEventId(_ request: Request) -> String? {
        if let header = request.headers[HTTPField.Name("Last-Event-ID")!] { return header }
        return request.uri.queryParameters.get("lastEventId").map { String($0) }
    }

    /// Compact JSON (one `data:` line), keys sorted like every other lab API body.
    static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
