/// JSON bodies of the lab API (`/_lab/…` on the control listener, LAB-02), shared by the daemon
/// and the `lab53` CLI. Keys are PascalCase like Route 53's own shapes.

/// A health check as the lab shows it: configured and effective interval, real and effective
/// status, drill overlays, per-checker observations (HC-13 status strings) and probe timings.
public struct LabHealthCheck: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    /// `127.0.0.1:8081/health`, `TCP 127.0.0.1:22`, `CALCULATED 2 of [a, b]`, ….
    public var endpoint: String
    /// As configured (seconds) and as probed after the lab time scale.
    public var requestInterval: Double
    public var effectiveRequestInterval: Double
    public var failureThreshold: Int
    public var inverted: Bool
    public var disabled: Bool
    /// `Healthy` / `Unhealthy`: what DNS answers use.
    public var status: String
    /// What the probes alone say.
    public var realStatus: String
    /// `Healthy` / `Unhealthy` while a drill forces the check.
    public var forced: String?
    public var forcedUntil: String?
    public var paused: Bool
    public var fault: String?
    public var faultUntil: String?
    public var checkers: [LabObservation]
    /// Each checker's most recent failure (GetHealthCheckLastFailureReason); empty if none.
    public var lastFailureReason: [LabObservation]
    public var lastTransition: String?
    public var connectTimeMs: Double?
    public var tlsHandshakeTimeMs: Double?
    public var timeToFirstByteMs: Double?

    enum CodingKeys: String, CodingKey {
        case id = "Id", type = "Type", endpoint = "Endpoint", requestInterval = "RequestInterval"
        case effectiveRequestInterval = "EffectiveRequestInterval", failureThreshold = "FailureThreshold"
        case inverted = "Inverted", disabled = "Disabled", status = "Status", realStatus = "RealStatus"
        case forced = "Forced", forcedUntil = "ForcedUntil", paused = "Paused", fault = "Fault", faultUntil = "FaultUntil"
        case checkers = "Checkers", lastFailureReason = "LastFailureReason", lastTransition = "LastTransition"
        case connectTimeMs = "ConnectTimeMs", tlsHandshakeTimeMs = "TLSHandshakeTimeMs", timeToFirstByteMs = "TimeToFirstByteMs"
    }

    public init(id: String, type: String, endpoint: String, requestInterval: Double, effectiveRequestInterval: Double,
                failureThreshold: Int, inverted: Bool, disabled: Bool, status: String, realStatus: String, forced: String?,
                forcedUntil: String?, paused: Bool, fault: String?, faultUntil: String?, checkers: [LabObservation],
                lastFailureReason: [LabObservation], lastTransition: String?, connectTimeMs: Double?,
                tlsHandshakeTimeMs: Double?, timeToFirstByteMs: Double?) {
        self.id = id
        self.type = type
        self.endpoint = endpoint
        self.requestInterval = requestInterval
        self.effectiveRequestInterval = effectiveRequestInterval
        self.failureThreshold = failureThreshold
        self.inverted = inverted
        self.disabled = disabled
        self.status = status
        self.realStatus = realStatus
        self.forced = forced
        self.forcedUntil = forcedUntil
        self.paused = paused
        self.fault = fault
        self.faultUntil = faultUntil
        self.checkers = checkers
        self.lastFailureReason = lastFailureReason
        self.lastTransition = lastTransition
        self.connectTimeMs = connectTimeMs
        self.tlsHandshakeTimeMs = tlsHandshakeTimeMs
        self.timeToFirstByteMs = timeToFirstByteMs
    }
}

/// One checker's observation, shaped like Route 53's `HealthCheckObservation` (HC-13).
public struct LabObservation: Codable, Sendable, Hashable {
    public var region: String
    public var ipAddress: String
    public var status: String
    /// ISO-8601 UTC with milliseconds.
    public var checkedTime: String
    public var healthy: Bool

    enum CodingKeys: String, CodingKey {
        case region = "Region", ipAddress = "IPAddress", status = "Status", checkedTime = "CheckedTime", healthy = "Healthy"
    }

    public init(region: String, ipAddress: String, status: String, checkedTime: String, healthy: Bool) {
        self.region = region
        self.ipAddress = ipAddress
        self.status = status
        self.checkedTime = checkedTime
        self.healthy = healthy
    }
}

/// One transition of the failover timeline; stage durations in milliseconds relative to the
/// decision (negative = before it).
public struct LabTimelineEntry: Codable, Sendable, Hashable {
    public var sequence: Int
    public var healthCheckId: String
    public var from: String
    public var to: String
    public var realStatus: String
    public var reason: String
    public var time: String
    public var lastGoodProbeMs: Double?
    public var firstFailedProbeMs: Double?
    public var publishedMs: Double
    public var firstAnswerMs: Double?

    enum CodingKeys: String, CodingKey {
        case sequence = "Sequence", healthCheckId = "HealthCheckId", from = "From", to = "To", realStatus = "RealStatus"
        case reason = "Reason", time = "Time", lastGoodProbeMs = "LastGoodProbeMs", firstFailedProbeMs = "FirstFailedProbeMs"
        case publishedMs = "PublishedMs", firstAnswerMs = "FirstAnswerMs"
    }

    public init(sequence: Int, healthCheckId: String, from: String, to: String, realStatus: String, reason: String, time: String,
                lastGoodProbeMs: Double?, firstFailedProbeMs: Double?, publishedMs: Double, firstAnswerMs: Double?) {
        self.sequence = sequence
        self.healthCheckId = healthCheckId
        self.from = from
        self.to = to
        self.realStatus = realStatus
        self.reason = reason
        self.time = time
        self.lastGoodProbeMs = lastGoodProbeMs
        self.firstFailedProbeMs = firstFailedProbeMs
        self.publishedMs = publishedMs
        self.firstAnswerMs = firstAnswerMs
    }
}

/// `POST /_lab/health-checks/{id}/force`: `Status` `Healthy`/`Unhealthy`, optional duration.
public struct LabForceRequest: Codable, Sendable, Hashable {
    public var status: String
    public var durationSeconds: Double?
    enum CodingKeys: String, CodingKey { case status = "Status", durationSeconds = "DurationSeconds" }
    public init(status: String, durationSeconds: Double? = nil) {
        self.status = status
        self.durationSeconds = durationSeconds
    }
}

/// `POST /_lab/health-checks/{id}/fault`: `Fault` timeout|refused|slowFirstByte|wrongStatus.
public struct LabFaultRequest: Codable, Sendable, Hashable {
    public var fault: String
    public var durationSeconds: Double?
    enum CodingKeys: String, CodingKey { case fault = "Fault", durationSeconds = "DurationSeconds" }
    public init(fault: String, durationSeconds: Double? = nil) {
        self.fault = fault
        self.durationSeconds = durationSeconds
    }
}

/// `PUT /_lab/alarms/{name}` (`OK`, `ALARM`, `INSUFFICIENT_DATA`) and
/// `POST /_lab/routing-controls` (`Arn`, `State` `ON`/`OFF`) — the CloudWatch and ARC side channels (HC-10).
public struct LabStateRequest: Codable, Sendable, Hashable {
    public var state: String
    public var arn: String?
    enum CodingKeys: String, CodingKey { case state = "State", arn = "Arn" }
    public init(state: String, arn: String? = nil) {
        self.state = state
        self.arn = arn
    }
}

/// `GET /_lab/answer?name=&type=[&client=]`: what DNS serves for a name right now.
public struct LabAnswer: Codable, Sendable, Hashable {
    public var name: String
    public var type: String
    public var rcode: String
    public var answer: [String]
    public var generation: UInt64
    public var healthGeneration: UInt64
    enum CodingKeys: String, CodingKey {
        case name = "Name", type = "Type", rcode = "RCode", answer = "Answer", generation = "Generation"
        case healthGeneration = "HealthGeneration"
    }
    public init(name: String, type: String, rcode: String, answer: [String], generation: UInt64, healthGeneration: UInt64) {
        self.name = name
        self.type = type
        self.rcode = rcode
        self.answer = answer
        self.generation = generation
        self.healthGeneration = healthGeneration
    }
}

/// Error body of the lab API.
public struct LabError: Codable, Sendable, Hashable, Error {
    public var code: String
    public var message: String
    enum CodingKeys: String, CodingKey { case code = "Code", message = "Message" }
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// `GET /_lab/history`: one entry of the change history (who changed what, when).
public struct LabChange: Codable, Sendable, Hashable {
    public var id: String
    public var submittedAt: String
    public var operation: String
    public var actor: String
    public var hostedZoneId: String?
    public var comment: String?
    /// JSON text of what changed.
    public var detail: String
    enum CodingKeys: String, CodingKey {
        case id = "Id", submittedAt = "SubmittedAt", operation = "Operation", actor = "Actor", hostedZoneId = "HostedZoneId"
        case comment = "Comment", detail = "Detail"
    }
    public init(id: String, submittedAt: String, operation: String, actor: String, hostedZoneId: String?, comment: String?, detail: String) {
        self.id = id
        self.submittedAt = submittedAt
        self.operation = operation
        self.actor = actor
        self.hostedZoneId = hostedZoneId
        self.comment = comment
        self.detail = detail
    }
}
