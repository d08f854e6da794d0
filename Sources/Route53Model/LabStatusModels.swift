/// `GET /_lab/status` (issue 5 item 7): everything the status page shows in one document — hosted
/// zones, health checks with live status, and for each routed name the answer DNS serves now.

public struct LabStatus: Codable, Sendable, Hashable {
    /// The newest health event (0: none yet); the page re-fetches when `/_lab/events` moves past it.
    public var lastEventId: UInt64
    /// Readers of the event hub: `/_lab/events` clients (status pages, `lab53 watch`) plus the
    /// webhook dispatcher.
    public var eventSubscribers: Int
    /// Zone snapshot and health vector the answers below were computed from.
    public var generation: UInt64
    public var healthGeneration: UInt64
    public var hostedZones: [LabStatusZone]
    public var healthChecks: [LabStatusCheck]
    public var routedNames: [LabRoutedName]

    enum CodingKeys: String, CodingKey {
        case lastEventId = "LastEventId", eventSubscribers = "EventSubscribers", generation = "Generation"
        case healthGeneration = "HealthGeneration"
        case hostedZones = "HostedZones", healthChecks = "HealthChecks", routedNames = "RoutedNames"
    }

    public init(lastEventId: UInt64, eventSubscribers: Int, generation: UInt64, healthGeneration: UInt64, hostedZones: [LabStatusZone],
                healthChecks: [LabStatusCheck], routedNames: [LabRoutedName]) {
        self.lastEventId = lastEventId
        self.eventSubscribers = eventSubscribers
        self.generation = generation
        self.healthGeneration = healthGeneration
        self.hostedZones = hostedZones
        self.healthChecks = healthChecks
        self.routedNames = routedNames
    }
}

/// One health check as the page shows it: statuses, how many virtual checkers see it healthy (of
/// how many, and how many it needs, HC-07), drills, and the newest failure any checker saw.
public struct LabStatusCheck: Codable, Sendable, Hashable {
    public var id: String
    public var type: String
    public var endpoint: String
    /// `Healthy` / `Unhealthy`: what DNS answers use.
    public var status: String
    /// What the probes alone say.
    public var realStatus: String
    /// Why: e.g. `2 of 3 checkers healthy: Success: HTTP Status Code 200, OK`.
    public var statusReason: String
    /// Endpoint checks only: checkers whose own state is healthy, all checkers, and how many
    /// must be healthy (more than 18 %).
    public var healthyCheckers: Int?
    public var checkers: Int?
    public var requiredHealthyCheckers: Int?
    /// `forced unhealthy`, `paused`, `fault timeout`, comma-separated; empty without a drill.
    public var drill: String
    /// The most recent failure observed by any checker (HC-13 status string) and when.
    public var lastFailure: String?
    public var lastFailureTime: String?
    public var lastTransition: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id", type = "Type", endpoint = "Endpoint", status = "Status", realStatus = "RealStatus"
        case statusReason = "StatusReason", healthyCheckers = "HealthyCheckers", checkers = "Checkers"
        case requiredHealthyCheckers = "RequiredHealthyCheckers", drill = "Drill", lastFailure = "LastFailure"
        case lastFailureTime = "LastFailureTime", lastTransition = "LastTransition"
    }

    public init(id: String, type: String, endpoint: String, status: String, realStatus: String, statusReason: String,
                healthyCheckers: Int?, checkers: Int?, requiredHealthyCheckers: Int?, drill: String, lastFailure: String?,
                lastFailureTime: String?, lastTransition: String?) {
        self.id = id
        self.type = type
        self.endpoint = endpoint
        self.status = status
        self.realStatus = realStatus
        self.statusReason = statusReason
        self.healthyCheckers = healthyCheckers
        self.checkers = checkers
        self.requiredHealthyCheckers = requiredHealthyCheckers
        self.drill = drill
        self.lastFailure = lastFailure
        self.lastFailureTime = lastFailureTime
        self.lastTransition = lastTransition
    }
}

/// One hosted zone as the page lists it.
public struct LabStatusZone: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var recordSetCount: Int
    public var nameServers: [String]
    public var privateZone: Bool

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", recordSetCount = "RecordSetCount", nameServers = "NameServers", privateZone = "PrivateZone"
    }

    public init(id: String, name: String, recordSetCount: Int, nameServers: [String], privateZone: Bool) {
        self.id = id
        self.name = name
        self.recordSetCount = recordSetCount
        self.nameServers = nameServers
        self.privateZone = privateZone
    }
}

/// A name and type whose answer depends on routing or health: its record sets (each with the
/// health check it names and that check's effective status) and the answer served right now.
public struct LabRoutedName: Codable, Sendable, Hashable {
    public var hostedZoneId: String
    public var name: String
    public var type: String
    /// The routing policy family: `failover`, `weighted`, `multivalue`, `latency`, … (`simple`
    /// for a simple record set with a health check).
    public var policy: String
    public var recordSets: [LabRoutedRecordSet]
    /// The answer for a client with no address (latency, geo and IP-based rows use the lab's
    /// default tables); weighted and multivalue choices vary per query.
    public var rcode: String
    public var answer: [String]

    enum CodingKeys: String, CodingKey {
        case hostedZoneId = "HostedZoneId", name = "Name", type = "Type", policy = "Policy", recordSets = "RecordSets"
        case rcode = "RCode", answer = "Answer"
    }

    public init(hostedZoneId: String, name: String, type: String, policy: String, recordSets: [LabRoutedRecordSet],
                rcode: String, answer: [String]) {
        self.hostedZoneId = hostedZoneId
        self.name = name
        self.type = type
        self.policy = policy
        self.recordSets = recordSets
        self.rcode = rcode
        self.answer = answer
    }
}

/// One record set of a routed name.
public struct LabRoutedRecordSet: Codable, Sendable, Hashable {
    public var setIdentifier: String?
    /// `failover PRIMARY`, `weighted 70`, … (as in health events).
    public var routing: String
    /// Values, or `alias → target` for an alias record.
    public var values: [String]
    public var healthCheckId: String?
    /// The named check's effective status (`Healthy`/`Unhealthy`), nil without a check.
    public var healthStatus: String?

    enum CodingKeys: String, CodingKey {
        case setIdentifier = "SetIdentifier", routing = "Routing", values = "Values", healthCheckId = "HealthCheckId"
        case healthStatus = "HealthStatus"
    }

    public init(setIdentifier: String?, routing: String, values: [String], healthCheckId: String?, healthStatus: String?) {
        self.setIdentifier = setIdentifier
        self.routing = routing
        self.values = values
        self.healthCheckId = healthCheckId
        self.healthStatus = healthStatus
    }
}
