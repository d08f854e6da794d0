import AnswerEngine
import DNSWire
import Foundation
import HealthChecking
import Hummingbird
import Route53Model

/// The lab API (LAB-02) on the control listener: JSON under `/_lab/`, outside the Route 53 API.
/// Health checks with real and effective status, drills (force, pause, fault), the CloudWatch and
/// routing-control side channels, the failover timeline, and the answer currently served.
public struct LabAPI: Sendable {
    let health: HealthService
    let store: SnapshotStore
    let control: Route53Service
    let route53: Route53Middleware

    public init(health: HealthService, store: SnapshotStore, control: Route53Service, route53: Route53Middleware) {
        self.health = health
        self.store = store
        self.control = control
        self.route53 = route53
    }

    /// Drill bodies are tiny; anything larger is refused before decoding (architecture pattern 8).
    static let maximumBodySize = 64 * 1024

    public func router() -> Router<ControlRequestContext> {
        let router = Router(context: ControlRequestContext.self)
        // First, so it sees every request: the Route 53 API answers its own unknown paths.
        router.add(middleware: route53)
        router.post("_lab/reset") { _, _ in
            do {
                try control.reset(actor: "lab-api")
            } catch {
                throw LabAPIError.badRequest("Reset failed: \(error)")
            }
            return try Self.json(["Status": "reset", "HostedZones": "\(control.hostedZoneCount)",
                                  "HealthChecks": "\(control.healthCheckCount)"])
        }
        router.get("_lab/history") { request, _ in
            let zone = request.uri.queryParameters.get("zone")
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 100
            do {
                return try Self.json(try control.history(zoneId: zone, limit: max(1, min(limit, 10_000)), before: nil).map(LabView.change))
            } catch {
                throw LabAPIError.badRequest("\(error)")
            }
        }
        let checks = router.group("_lab/health-checks")
        checks.get { _, _ in try Self.json(health.monitor.reports().map(LabView.healthCheck)) }
        checks.get(":id") { _, context in
            let id = try context.parameters.require("id")
            guard let report = health.monitor.report(id: id) else { throw Self.noSuchCheck(id) }
            return try Self.json(LabView.healthCheck(report))
        }
        checks.post(":id/force") { request, context in
            let id = try context.parameters.require("id")
            let body = try await Self.decode(LabForceRequest.self, request, context)
            guard let healthy = ["healthy": true, "unhealthy": false][body.status.lowercased()] else {
                throw LabAPIError.badRequest("Status must be Healthy or Unhealthy, got \(body.status)")
            }
            let duration = try Self.duration(body.durationSeconds)
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.force(id: id, healthy: healthy, for: duration) }
            recordDrill(id)
            return try report(id)
        }
        checks.delete(":id/force") { _, context in
            let id = try context.parameters.require("id")
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.force(id: id, healthy: nil, for: nil) }
            recordDrill(id)
            return try report(id)
        }
        checks.post(":id/pause") { _, context in
            let id = try context.parameters.require("id")
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.pause(id: id) }
            recordDrill(id)
            return try report(id)
        }
        checks.post(":id/resume") { _, context in
            let id = try context.parameters.require("id")
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.resume(id: id) }
            recordDrill(id)
            return try report(id)
        }
        checks.post(":id/fault") { request, context in
            let id = try context.parameters.require("id")
            let body = try await Self.decode(LabFaultRequest.self, request, context)
            guard let fault = ProbeFault(rawValue: body.fault) else {
                throw LabAPIError.badRequest("Fault must be one of \(ProbeFault.allCases.map(\.rawValue).joined(separator: ", ")), got \(body.fault)")
            }
            let duration = try Self.duration(body.durationSeconds)
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.injectFault(id: id, fault, for: duration) }
            return try report(id)
        }
        checks.delete(":id/fault") { _, context in
            let id = try context.parameters.require("id")
            try Self.drill { () throws(HealthMonitorError) in try health.monitor.injectFault(id: id, nil, for: nil) }
            return try report(id)
        }
        router.put("_lab/alarms/:name") { request, context in
            let name = try context.parameters.require("name")
            let body = try await Self.decode(LabStateRequest.self, request, context)
            guard let state = AlarmState(rawValue: body.state.uppercased()) else {
                throw LabAPIError.badRequest("State must be OK, ALARM or INSUFFICIENT_DATA, got \(body.state)")
            }
            health.monitor.setAlarm(name: name, state: state)
            return try Self.json(body)
        }
        router.post("_lab/routing-controls") { request, context in
            let body = try await Self.decode(LabStateRequest.self, request, context)
            guard let arn = body.arn, !arn.isEmpty, let on = ["ON": true, "OFF": false][body.state.uppercased()] else {
                throw LabAPIError.badRequest("Arn is required and State must be ON or OFF")
            }
            health.monitor.setRoutingControl(arn: arn, on: on)
            return try Self.json(body)
        }
        router.get("_lab/timeline") { request, _ in
            let check = request.uri.queryParameters.get("check")
            return try Self.json(health.timeline.entries(checkId: check).map(LabView.timelineEntry))
        }
        router.get("_lab/answer") { request, _ in
            guard let name = request.uri.queryParameters.get("name") else { throw LabAPIError.badRequest("name is required") }
            let type = request.uri.queryParameters.get("type") ?? "A"
            return try Self.json(try LabView.answer(name: name, type: type, state: store.current))
        }
        addEventRoutes(to: router)
        addMetricsRoute(to: router)
        addProbeScheduleRoute(to: router)
        return router
    }

    // MARK: - Helpers

    /// Forced states and pauses survive a restart (issue 4 item 4).
    private func recordDrill(_ id: String) {
        guard let report = health.monitor.report(id: id) else { return }
        control.recordDrill(checkId: id, forcedHealthy: report.forced,
                            forcedUntil: report.forcedUntilWall.map { Date(timeIntervalSince1970: $0) }, paused: report.paused)
    }

    private func report(_ id: String) throws -> Response {
        guard let report = health.monitor.report(id: id) else { throw Self.noSuchCheck(id) }
        return try Self.json(LabView.healthCheck(report))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ControlRequestContext) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: maximumBodySize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw LabAPIError.badRequest("Malformed JSON body: \(error)")
        }
    }

    static func duration(_ seconds: Double?) throws -> Duration? {
        guard let seconds else { return nil }
        guard seconds > 0, seconds <= 7 * 86400 else {
            throw LabAPIError.badRequest("DurationSeconds must be > 0 and at most 604800, got \(seconds)")
        }
        return .milliseconds(Int64(seconds * 1000))
    }

    static func drill(_ body: () throws(HealthMonitorError) -> Void) throws {
        do {
            try body()
        } catch {
            switch error {
            case .noSuchHealthCheck(let id): throw noSuchCheck(id)
            default: throw LabAPIError.badRequest("\(error)")
            }
        }
    }

    static func noSuchCheck(_ id: String) -> LabAPIError {
        .notFound(code: "NoSuchHealthCheck", message: "No health check exists with the specified ID \(id)")
    }
}

/// Lab API errors, rendered as `{"Code": …, "Message": …}` with the matching status.
enum LabAPIError: Error, HTTPResponseError {
    case badRequest(String)
    case notFound(code: String, message: String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .notFound: .notFound
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: LabError
        switch self {
        case .badRequest(let message): body = LabError(code: "InvalidInput", message: message)
        case .notFound(let code, let message): body = LabError(code: code, message: message)
        }
        return try LabAPI.json(body, status: status)
    }
}
