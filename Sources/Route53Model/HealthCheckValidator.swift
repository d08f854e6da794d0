/// Validates a `HealthCheckConfig` the Route 53 way (HC-01, HC-02, HC-04, HC-09, HC-10): which
/// fields each type needs and refuses, value ranges and lengths, checker regions, CALCULATED
/// children. Every problem is returned at once, each as an `InvalidInput` issue (HTTP 400) whose
/// `field` is the `HealthCheckConfig` key path (`Port`, `Regions[1]`, `ChildHealthChecks[0]`,
/// `AlarmIdentifier.Name`); nil when the configuration as a whole is at fault (a missing field).
///
/// Messages: the observed ones are verbatim (`Route53Message.alarmOnBasicHealthCheck`,
/// `calculatedNeedsHealthThreshold`, `tcpWithAddressAndDomainName`); the rest follow the same
/// `Invalid parameter : …` shape, and range/length failures the XML-schema shape of API-06.
/// Shared by the config loader and (issue 4) the REST API.
public enum HealthCheckValidator {
    /// The two intervals Route 53 itself accepts (HC-02).
    public static let route53Intervals: [Double] = [10, 30]
    /// Lab extension (issue 3 §2): the lowest RequestInterval accepted through the API, in seconds.
    public static let apiMinimumInterval: Double = 1
    /// Lab extension (issue 3 §2): the lowest RequestInterval accepted in configuration files.
    public static let configMinimumInterval: Double = 0.1

    public static let portRange = 1...65535
    public static let failureThresholdRange = 1...10
    public static let healthThresholdRange = 0...256
    /// ChildHealthChecks per CALCULATED check (HC-02, HC-15).
    public static let maximumChildren = 256
    /// Distinct checker regions when `Regions` is customised (HC-04).
    public static let minimumRegions = 3
    public static let maximumIPAddressLength = 45
    public static let maximumResourcePathLength = 255
    public static let maximumDomainNameLength = 255
    public static let maximumSearchStringLength = 255
    public static let maximumRoutingControlArnLength = 255
    public static let maximumAlarmNameLength = 256
    /// CallerReference 1–64 characters (HC-11).
    public static let maximumCallerReferenceLength = 64

    /// Every problem of `config`.
    /// - Parameters:
    ///   - id: the check's own ID, to refuse a CALCULATED check that lists itself (nil before creation).
    ///   - minimumInterval: the lowest RequestInterval allowed besides Route 53's 10 and 30 —
    ///     `apiMinimumInterval`, `configMinimumInterval`, or 10 and above for Route 53's rule alone.
    ///   - typeOfCheck: the type of an existing check by ID (nil when there is none), for
    ///     CALCULATED children (HC-09).
    public static func validate(_ config: HealthCheckConfig, id: String? = nil, minimumInterval: Double,
                                typeOfCheck: (String) -> HealthCheckType?) -> [ValidationIssue] {
        var issues = presenceIssues(config)
        issues += rangeIssues(config, minimumInterval: minimumInterval)
        issues += regionIssues(config.regions)
        if config.type == .calculated {
            issues += childIssues(config.childHealthChecks, id: id, typeOfCheck: typeOfCheck)
        }
        return issues
    }

    /// `validate` with the existing checks given as a list.
    public static func validate(_ config: HealthCheckConfig, id: String? = nil, minimumInterval: Double,
                                existing: [HealthCheck]) -> [ValidationIssue] {
        var types: [String: HealthCheckType] = [:]
        for check in existing { types[check.id] = check.config.type }
        return validate(config, id: id, minimumInterval: minimumInterval) { types[$0] }
    }

    /// CallerReference length (HC-11); `field` is `CallerReference`.
    public static func callerReferenceIssues(_ reference: String) -> [ValidationIssue] {
        if reference.isEmpty {
            return [issue(Route53Message.tooShort(reference, minimum: 1, type: "HealthCheckNonce"), field: "CallerReference")]
        }
        if reference.count > maximumCallerReferenceLength {
            return [issue(Route53Message.tooLong(reference, maximum: maximumCallerReferenceLength, type: "HealthCheckNonce"),
                          field: "CallerReference")]
        }
        return []
    }

    /// True for 10 and 30, and for the lab range `minimum ..< 10` (issue 3 §2: faster intervals
    /// for drills). Values between 10 and 30 and above 30 are refused, as Route 53 does.
    public static func isAllowedInterval(_ seconds: Double, minimum: Double) -> Bool {
        route53Intervals.contains(seconds) || (seconds.isFinite && seconds >= minimum && seconds < 10)
    }

    static func issue(_ message: String, field: String?, detail: String? = nil) -> ValidationIssue {
        ValidationIssue(code: Route53Error.invalidInput, message: message, field: field, detail: detail)
    }

    /// HC-01/HC-02: what each type needs and what it must not carry.
    static func presenceIssues(_ config: HealthCheckConfig) -> [ValidationIssue] {
        let type = config.type
        var issues: [ValidationIssue] = []
        func refuse(_ field: String, if present: Bool) {
            if present { issues.append(issue(Route53Message.healthCheckFieldNotAllowed(type: type, field: field), field: field)) }
        }
        func require(_ field: String, if missing: Bool) {
            if missing { issues.append(issue(Route53Message.healthCheckFieldRequired(type: type, field: field), field: nil)) }
        }
        if type.isEndpoint {
            require("IPAddress or FullyQualifiedDomainName", if: config.ipAddress == nil && config.fullyQualifiedDomainName == nil)
            require("Port", if: config.port == nil)
            if type == .tcp && config.ipAddress != nil && config.fullyQualifiedDomainName != nil {
                issues.append(issue(Route53Message.tcpWithAddressAndDomainName, field: "FullyQualifiedDomainName"))
            }
            require("SearchString", if: type.matchesString && config.searchString == nil)
            refuse("SearchString", if: !type.matchesString && config.searchString != nil)
            if config.alarmIdentifier != nil {
                issues.append(issue(Route53Message.alarmOnBasicHealthCheck, field: "AlarmIdentifier"))
            }
        } else {
            refuse("IPAddress", if: config.ipAddress != nil)
            refuse("Port", if: config.port != nil)
            refuse("ResourcePath", if: config.resourcePath != nil)
            refuse("FullyQualifiedDomainName", if: config.fullyQualifiedDomainName != nil)
            refuse("SearchString", if: config.searchString != nil)
            refuse("AlarmIdentifier", if: type != .cloudwatchMetric && config.alarmIdentifier != nil)
        }
        if type == .calculated {
            if config.healthThreshold == nil {
                issues.append(issue(Route53Message.calculatedNeedsHealthThreshold, field: nil))
            }
        } else {
            refuse("HealthThreshold", if: config.healthThreshold != nil)
            refuse("ChildHealthChecks", if: !config.childHealthChecks.isEmpty)
        }
        require("AlarmIdentifier", if: type == .cloudwatchMetric && config.alarmIdentifier == nil)
        refuse("InsufficientDataHealthStatus", if: type != .cloudwatchMetric && config.insufficientDataHealthStatus != nil)
        require("RoutingControlArn", if: type == .recoveryControl && config.routingControlArn == nil)
        refuse("RoutingControlArn", if: type != .recoveryControl && config.routingControlArn != nil)
        return issues
    }

    /// HC-09: children exist, are not CALCULATED, are not the check itself, appear once, ≤ 256.
    static func childIssues(_ children: [String], id: String?, typeOfCheck: (String) -> HealthCheckType?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if children.count > maximumChildren {
            issues.append(issue(Route53Message.tooManyChildHealthChecks(children.count, maximum: maximumChildren), field: "ChildHealthChecks"))
        }
        var seen = Set<String>()
        for (index, child) in children.enumerated() {
            let field = "ChildHealthChecks[\(index)]"
            if !seen.insert(child).inserted {
                issues.append(issue(Route53Message.childHealthCheckRepeated(child), field: field))
            } else if child == id {
                issues.append(issue(Route53Message.childHealthCheckSelf(child), field: field))
            } else if let childType = typeOfCheck(child) {
                if childType == .calculated {
                    issues.append(issue(Route53Message.childHealthCheckCalculated(child), field: field))
                }
            } else {
                issues.append(issue(Route53Message.childHealthCheckMissing(child), field: field))
            }
        }
        return issues
    }
}
