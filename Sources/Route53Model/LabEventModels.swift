/// JSON bodies of the health event stream (issue 5 item 5: the CloudWatch alarm → SNS analogue),
/// shared by the daemon (`GET /_lab/events`, webhooks) and the `lab53 watch` command. Keys are
/// PascalCase like the rest of the lab API.

/// One change of a health check's effective status — to unhealthy *and* back to healthy (the
/// alarm's OK action). The same JSON is the `data:` of an SSE `health` event and the body of a
/// webhook POST.
public struct LabHealthEvent: Codable, Sendable, Hashable {
    /// The event's number in this daemon run, from 1.
    public var eventId: UInt64
    /// Random per daemon start: numbers restart at 1 in each run, so `RunId-EventId` (the SSE
    /// `id:` and the webhook's `X-Lab53-Event-Id`) is what identifies an event across restarts.
    public var runId: String
    /// Always `health` for now; webhooks subscribe by type (`Events: [health]`).
    public var type: String
    public var healthCheckId: String
    /// `Healthy` / `Unhealthy` before and after.
    public var from: String
    public var to: String
    /// What the probes alone say (differs from `to` while a drill forces the check).
    public var realStatus: String
    /// e.g. `3 of 3 checkers unhealthy: Failure: Connection refused`, `forced unhealthy by drill`.
    public var reason: String
    /// `probes`, `children`, `alarm`, `routingControl`, `configuration`, `drill`.
    public var cause: String
    /// When the transition was decided: ISO-8601 UTC with milliseconds.
    public var time: String
    /// The health vector published for this transition (as in `GET /_lab/answer`).
    public var healthGeneration: UInt64
    /// Record sets that name the check in `HealthCheckId`.
    public var recordSets: [LabEventRecordSet]
    /// What DNS serves for each affected name and type right after the publication.
    public var answers: [LabAnswer]

    enum CodingKeys: String, CodingKey {
        case eventId = "EventId", runId = "RunId", type = "Type", healthCheckId = "HealthCheckId", from = "From", to = "To"
        case realStatus = "RealStatus", reason = "Reason", cause = "Cause", time = "Time"
        case healthGeneration = "HealthGeneration", recordSets = "RecordSets", answers = "Answers"
    }

    public init(eventId: UInt64, runId: String = "", type: String = "health", healthCheckId: String, from: String, to: String,
                realStatus: String, reason: String, cause: String, time: String, healthGeneration: UInt64,
                recordSets: [LabEventRecordSet] = [], answers: [LabAnswer] = []) {
        self.eventId = eventId
        self.runId = runId
        self.type = type
        self.healthCheckId = healthCheckId
        self.from = from
        self.to = to
        self.realStatus = realStatus
        self.reason = reason
        self.cause = cause
        self.time = time
        self.healthGeneration = healthGeneration
        self.recordSets = recordSets
        self.answers = answers
    }
}

extension LabHealthEvent {
    /// `RunId-EventId`: the SSE `id:` and the webhook's `X-Lab53-Event-Id`, unique across restarts.
    public var globalId: String { runId.isEmpty ? "\(eventId)" : "\(runId)-\(eventId)" }
}

/// A record set a health event affects: where it lives and how it is routed (its failover
/// role, weight, Region … as one `Routing` word such as `failover PRIMARY`).
public struct LabEventRecordSet: Codable, Sendable, Hashable {
    public var hostedZoneId: String
    public var name: String
    public var type: String
    public var setIdentifier: String?
    /// `simple`, `failover PRIMARY`, `weighted 70`, `multivalue`, `latency us-east-1`, ….
    public var routing: String

    enum CodingKeys: String, CodingKey {
        case hostedZoneId = "HostedZoneId", name = "Name", type = "Type", setIdentifier = "SetIdentifier", routing = "Routing"
    }

    public init(hostedZoneId: String, name: String, type: String, setIdentifier: String?, routing: String) {
        self.hostedZoneId = hostedZoneId
        self.name = name
        self.type = type
        self.setIdentifier = setIdentifier
        self.routing = routing
    }
}

/// The first frame of `GET /_lab/events` (`event: snapshot`): every check's current status, so a
/// client can render before the next transition.
public struct LabEventSnapshot: Codable, Sendable, Hashable {
    /// The newest event so far (0: none yet); events after it follow on the stream.
    public var lastEventId: UInt64
    /// This daemon run (see `LabHealthEvent.runId`).
    public var runId: String
    public var healthChecks: [LabCheckStatus]

    enum CodingKeys: String, CodingKey { case lastEventId = "LastEventId", runId = "RunId", healthChecks = "HealthChecks" }

    public init(lastEventId: UInt64, runId: String, healthChecks: [LabCheckStatus]) {
        self.lastEventId = lastEventId
        self.runId = runId
        self.healthChecks = healthChecks
    }
}

/// One check in a snapshot.
public struct LabCheckStatus: Codable, Sendable, Hashable {
    public var id: String
    public var status: String
    public var realStatus: String

    enum CodingKeys: String, CodingKey { case id = "Id", status = "Status", realStatus = "RealStatus" }

    public init(id: String, status: String, realStatus: String) {
        self.id = id
        self.status = status
        self.realStatus = realStatus
    }
}

/// `event: lost` on the stream: the client was too slow (or reconnected after the replay ring
/// moved on) and `Lost` events were dropped before the next one it receives.
public struct LabEventsLost: Codable, Sendable, Hashable {
    public var lost: Int
    enum CodingKeys: String, CodingKey { case lost = "Lost" }
    public init(lost: Int) { self.lost = lost }
}
