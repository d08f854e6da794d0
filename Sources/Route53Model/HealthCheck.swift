/// A health check (spec §5): its identity, its Route 53 `HealthCheckConfig` and version.
public struct HealthCheck: Sendable, Hashable {
    /// Lower-case UUID for API-created checks (HC-11); config-defined checks may use any
    /// identifier of 1–64 characters (`web-primary`), which record sets reference as `HealthCheckId`.
    public var id: String
    public var callerReference: String
    public var config: HealthCheckConfig
    /// Starts at 1, +1 per update (HC-12).
    public var version: Int

    public init(id: String, callerReference: String, config: HealthCheckConfig, version: Int = 1) {
        self.id = id
        self.callerReference = callerReference
        self.config = config
        self.version = version
    }
}

/// `HealthCheckConfig/Type` (HC-01).
public enum HealthCheckType: String, Sendable, Hashable, CaseIterable {
    case http = "HTTP"
    case https = "HTTPS"
    case httpStrMatch = "HTTP_STR_MATCH"
    case httpsStrMatch = "HTTPS_STR_MATCH"
    case tcp = "TCP"
    case calculated = "CALCULATED"
    case cloudwatchMetric = "CLOUDWATCH_METRIC"
    case recoveryControl = "RECOVERY_CONTROL"

    /// Probed endpoint types (HTTP[S], string match, TCP).
    public var isEndpoint: Bool { [.http, .https, .httpStrMatch, .httpsStrMatch, .tcp].contains(self) }
    public var usesTLS: Bool { self == .https || self == .httpsStrMatch }
    public var matchesString: Bool { self == .httpStrMatch || self == .httpsStrMatch }
}

/// `InsufficientDataHealthStatus` for CLOUDWATCH_METRIC checks (HC-02, HC-10).
public enum InsufficientDataHealthStatus: String, Sendable, Hashable {
    case healthy = "Healthy"
    case unhealthy = "Unhealthy"
    case lastKnownStatus = "LastKnownStatus"
}

/// `AlarmIdentifier` (HC-10): in the lab a named alarm whose state is set through the lab API.
public struct AlarmIdentifier: Sendable, Hashable {
    public var region: String
    public var name: String

    public init(region: String, name: String) {
        self.region = region
        self.name = name
    }
}

/// Route 53's `HealthCheckConfig` (HC-02) with defaults already applied, so every reader sees
/// the values the API would echo.
public struct HealthCheckConfig: Sendable, Hashable {
    public var type: HealthCheckType
    public var ipAddress: String?
    /// 80 for HTTP types, 443 for HTTPS types by default; required for TCP; nil for others.
    public var port: Int?
    public var resourcePath: String?
    public var fullyQualifiedDomainName: String?
    public var searchString: String?
    /// Seconds between a checker's response and its next request (HC-05). Route 53 allows 10 and
    /// 30 (default 30); the lab also allows down to 1 s in the API and 0.1 s in config files.
    public var requestInterval: Double
    /// 1–10, default 3 (HC-06).
    public var failureThreshold: Int
    public var measureLatency: Bool
    public var inverted: Bool
    public var disabled: Bool
    /// CALCULATED only, 0–256 (HC-09).
    public var healthThreshold: Int?
    /// CALCULATED only; sorted ascending as Route 53 echoes them (HC-02).
    public var childHealthChecks: [String]
    /// Default true for HTTPS types, false otherwise (HC-02).
    public var enableSNI: Bool
    /// Checker regions (HC-04); default all eight.
    public var regions: [String]
    public var alarmIdentifier: AlarmIdentifier?
    public var insufficientDataHealthStatus: InsufficientDataHealthStatus?
    public var routingControlArn: String?

    /// The eight checker regions (HC-04), in Route 53's enum order.
    public static let allRegions = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1",
                                    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"]

    public init(type: HealthCheckType, ipAddress: String? = nil, port: Int? = nil, resourcePath: String? = nil,
                fullyQualifiedDomainName: String? = nil, searchString: String? = nil, requestInterval: Double = 30,
                failureThreshold: Int = 3, measureLatency: Bool = false, inverted: Bool = false, disabled: Bool = false,
                healthThreshold: Int? = nil, childHealthChecks: [String] = [], enableSNI: Bool? = nil,
                regions: [String] = HealthCheckConfig.allRegions, alarmIdentifier: AlarmIdentifier? = nil,
                insufficientDataHealthStatus: InsufficientDataHealthStatus? = nil, routingControlArn: String? = nil) {
        self.type = type
        self.ipAddress = ipAddress
        switch type {
        case .http, .httpStrMatch: self.port = port ?? 80
        case .https, .httpsStrMatch: self.port = port ?? 443
        default: self.port = port
        }
        self.resourcePath = resourcePath
        self.fullyQualifiedDomainName = fullyQualifiedDomainName
        self.searchString = searchString
        self.requestInterval = requestInterval
        self.failureThreshold = failureThreshold
        self.measureLatency = measureLatency
        self.inverted = inverted
        self.disabled = disabled
        self.healthThreshold = healthThreshold
        self.childHealthChecks = childHealthChecks.sorted()
        self.enableSNI = enableSNI ?? type.usesTLS
        self.regions = regions
        self.alarmIdentifier = alarmIdentifier
        self.insufficientDataHealthStatus = insufficientDataHealthStatus
        self.routingControlArn = routingControlArn
    }
}
