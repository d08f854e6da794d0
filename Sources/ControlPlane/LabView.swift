import AnswerEngine
import DNSWire
import Foundation
import LabStore
import HealthChecking
import Route53Model
import ZoneText

/// Converts monitor reports and timeline entries into the lab API's JSON shapes.
enum LabView {
    static func healthCheck(_ report: HealthCheckReport) -> LabHealthCheck {
        let config = report.check.config
        return LabHealthCheck(
            id: report.check.id, type: config.type.rawValue, endpoint: endpoint(config),
            requestInterval: config.requestInterval, effectiveRequestInterval: report.effectiveInterval,
            failureThreshold: config.failureThreshold, inverted: config.inverted, disabled: config.disabled,
            status: word(report.effectiveHealthy), realStatus: word(report.realHealthy),
            forced: report.forced.map(word), forcedUntil: report.forcedUntilWall.map(iso8601),
            paused: report.paused, fault: report.fault?.rawValue, faultUntil: report.faultUntilWall.map(iso8601),
            checkers: report.checkers.compactMap(observation), lastFailureReason: report.lastFailure.compactMap(observation),
            lastTransition: report.lastTransitionWall.map(iso8601),
            connectTimeMs: milliseconds(report.lastTiming?.connect),
            tlsHandshakeTimeMs: milliseconds(report.lastTiming?.tlsHandshake),
            timeToFirstByteMs: milliseconds(report.lastTiming?.timeToFirstByte))
    }

    static func observation(_ checker: CheckerObservation) -> LabObservation? {
        guard let status = checker.lastStatus else { return nil }
        return LabObservation(region: checker.region, ipAddress: checker.ipAddress, status: status,
                              checkedTime: checker.checkedAtWall.map(iso8601) ?? "", healthy: checker.healthy)
    }

    static func timelineEntry(_ entry: TimelineEntry) -> LabTimelineEntry {
        LabTimelineEntry(
            sequence: entry.sequence, healthCheckId: entry.checkId, from: word(entry.previous), to: word(entry.healthy),
            realStatus: word(entry.realHealthy), reason: entry.reason, time: iso8601(entry.wallTime),
            lastGoodProbeMs: TimelineEntry.milliseconds(from: entry.decidedAt, to: entry.lastGoodProbe),
            firstFailedProbeMs: TimelineEntry.milliseconds(from: entry.decidedAt, to: entry.firstFailedProbe),
            publishedMs: TimelineEntry.milliseconds(from: entry.decidedAt, to: entry.publishedAt) ?? 0,
            firstAnswerMs: TimelineEntry.milliseconds(from: entry.decidedAt, to: entry.firstAnswerAt))
    }

    /// The answer DNS would give right now, through the same responder (client unknown).
    static func answer(name: String, type: String, state: ServingState) throws -> LabAnswer {
        guard let rrType = RRType(mnemonic: type) else { throw LabAPIError.badRequest("Unknown type \(type)") }
        let qname: DomainName
        do {
            qname = try DomainName(name)
        } catch {
            throw LabAPIError.badRequest("Invalid name \(name): \(error)")
        }
        let query = Message.queryBytes(id: 1, name: qname, type: rrType, edns: EDNS(udpPayloadSize: 4096))
        guard let wire = query.withUnsafeBytes({ Responder.respond(to: $0, transport: .tcp, client: nil, state: state) }),
              let response = try? Message(bytes: wire) else {
            throw LabAPIError.badRequest("No answer for \(name) \(type)")
        }
        return LabAnswer(name: qname.description, type: rrType.description, rcode: response.extendedRCode.description,
                         answer: response.answers.map(RecordText.format), generation: state.generation,
                         healthGeneration: state.healthGeneration)
    }

    static func endpoint(_ config: HealthCheckConfig) -> String {
        switch config.type {
        case .calculated:
            return "\(config.healthThreshold ?? 0) of [\(config.childHealthChecks.joined(separator: ", "))]"
        case .cloudwatchMetric:
            return "alarm \(config.alarmIdentifier.map { "\($0.region)/\($0.name)" } ?? "-")"
        case .recoveryControl:
            return config.routingControlArn ?? "-"
        default:
            let host = config.ipAddress ?? config.fullyQualifiedDomainName ?? "?"
            let hostPort = host.contains(":") ? "[\(host)]:\(config.port ?? 0)" : "\(host):\(config.port ?? 0)"
            return config.type == .tcp ? hostPort : hostPort + (config.resourcePath ?? "/")
        }
    }

    static func word(_ healthy: Bool) -> String { healthy ? "Healthy" : "Unhealthy" }

    static func milliseconds(_ duration: Duration?) -> Double? {
        guard let duration else { return nil }
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    static func change(_ record: ChangeRecord) -> LabChange {
        LabChange(id: record.id, submittedAt: iso8601(record.submittedAt.timeIntervalSince1970), operation: record.operation,
                  actor: record.actor, hostedZoneId: record.hostedZoneId, comment: record.comment, detail: record.detail)
    }

    /// ISO-8601 UTC with milliseconds, as Route 53 writes `CheckedTime` (HC-13).
    static func iso8601(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
