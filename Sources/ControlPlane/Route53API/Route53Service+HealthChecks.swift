import Foundation
import HealthChecking
import LabStore
import Route53Model

/// CreateHealthCheck, GetHealthCheck, ListHealthChecks, UpdateHealthCheck, DeleteHealthCheck,
/// GetHealthCheckStatus, GetHealthCheckLastFailureReason, GetHealthCheckCount (§5.6, §5.7).
/// Checks created here go through `HealthService.apply` like configured ones: probing starts at
/// creation and stops at deletion (issue 4 item 3).
extension Route53Service {
    /// CreateHealthCheck (HC-11). `created` is false when an identical check with the same
    /// CallerReference already existed and is returned instead.
    public func createHealthCheck(callerReference: String?, config: HealthCheckConfig?, actor: String) throws(Route53Error)
        -> (check: StoredHealthCheck, created: Bool) {
        guard let reference = callerReference else { throw Self.missing("callerReference", shape: "CreateHealthCheckRequest") }
        guard let config else { throw Self.missing("healthCheckConfig", shape: "CreateHealthCheckRequest") }
        if let issue = HealthCheckValidator.callerReferenceIssues(reference).first {
            throw Route53Error(code: issue.code, message: issue.message)
        }
        return try write { state throws(Route53Error) in
            if let existing = state.healthChecks.first(where: { $0.check.callerReference == reference }) {
                guard existing.check.config == config else { throw Self.healthCheckAlreadyExists(reference) }
                return ((existing, false), Effects(mutations: []))
            }
            if state.hasUsed(reference, .healthCheck) { throw Self.healthCheckAlreadyExists(reference) }
            let issues = HealthCheckValidator.validate(config, minimumInterval: HealthCheckValidator.apiMinimumInterval,
                                                       existing: state.checks)
            if let error = Route53Error(issues: issues) { throw error }
            let check = StoredHealthCheck(check: HealthCheck(id: Route53IDs.healthCheckId(), callerReference: reference, config: config),
                                          owner: .api, createdAt: clock())
            let change = changeRecord(operation: "CreateHealthCheck", zoneId: nil, actor: actor,
                                      detail: Self.versionDetail(check.check))
            state.healthChecks.append(check)
            state.callerReferences[.healthCheck, default: []].insert(reference)
            return ((check, true), Effects(mutations: [.putHealthCheck(check), .rememberCallerReference(.healthCheck, reference),
                                                       .appendChange(change)], checksChanged: true))
        }
    }

    public func healthCheck(id: String) throws(Route53Error) -> StoredHealthCheck {
        try read { state throws(Route53Error) in
            guard let index = state.healthCheckIndex(id) else { throw Self.noSuchHealthCheck(id) }
            return state.healthChecks[index]
        }
    }

    public var healthCheckCount: Int { state.withLock { $0.healthChecks.count } }

    public struct HealthCheckPage: Sendable {
        public var checks: [StoredHealthCheck]
        public var isTruncated: Bool
        public var nextMarker: String?
        public var maxItems: Int
    }

    /// ListHealthChecks (API-25): creation order; `marker` = ID of the page's first check.
    public func listHealthChecks(marker: String?, maxItems: String?) throws(Route53Error) -> HealthCheckPage {
        let limit = try Self.pageSize(maxItems, maximum: 1000, default: 100)
        return try read { state throws(Route53Error) in
            let page = try MarkerPage(state.healthChecks, marker: marker, limit: limit, id: { $0.check.id }) { marker in
                Route53Error(code: Route53Error.invalidInput, message: "Invalid value for marker: \(marker) is not the ID of a health check.")
            }
            return HealthCheckPage(checks: page.items, isTruncated: page.isTruncated, nextMarker: page.nextMarker, maxItems: limit)
        }
    }

    /// UpdateHealthCheck's members (flat, API-03); nil = unchanged.
    public struct HealthCheckUpdate: Sendable {
        public var version: Int?
        public var ipAddress: String?
        public var port: Int?
        public var resourcePath: String?
        public var fullyQualifiedDomainName: String?
        public var searchString: String?
        public var failureThreshold: Int?
        public var inverted: Bool?
        public var disabled: Bool?
        public var healthThreshold: Int?
        public var childHealthChecks: [String]?
        public var enableSNI: Bool?
        public var regions: [String]?
        public var alarmIdentifier: AlarmIdentifier?
        public var insufficientDataHealthStatus: InsufficientDataHealthStatus?
        /// `ChildHealthChecks`, `FullyQualifiedDomainName`, `Regions`, `ResourcePath` (HC-02).
        public var resetElements: [String] = []

        public init() {}
    }

    /// UpdateHealthCheck (HC-12): optimistic version check, immutable type/interval/latency and
    /// endpoint mode, the result validated like a new check; the version goes up by one.
    public func updateHealthCheck(id: String, update: HealthCheckUpdate, actor: String) throws(Route53Error) -> StoredHealthCheck {
        try write { state throws(Route53Error) in
            guard let index = state.healthCheckIndex(id) else { throw Self.noSuchHealthCheck(id) }
            var stored = state.healthChecks[index]
            if let version = update.version, version != stored.check.version {
                throw Route53Error(code: "HealthCheckVersionMismatch",
                                   message: "The value of HealthCheckVersion in the request doesn't match the value of HealthCheckVersion in the health check.")
            }
            var config = stored.check.config
            // HC-02: "specify endpoint by IP vs by domain name" cannot change.
            if config.ipAddress == nil, update.ipAddress != nil, config.type.isEndpoint {
                throw Route53Error(code: Route53Error.invalidInput,
                                   message: "Invalid parameter : IPAddress can't be added to a health check that was created without one.")
            }
            for element in update.resetElements {
                switch element {
                case "ChildHealthChecks": config.childHealthChecks = []
                case "FullyQualifiedDomainName": config.fullyQualifiedDomainName = nil
                case "Regions": config.regions = HealthCheckConfig.allRegions
                case "ResourcePath": config.resourcePath = nil
                default:
                    throw Route53Error(code: Route53Error.invalidInput,
                                       message: Route53Message.notInEnumeration(element, ["ChildHealthChecks", "FullyQualifiedDomainName", "Regions", "ResourcePath"]))
                }
            }
            if let value = update.ipAddress { config.ipAddress = value }
            if let value = update.port { config.port = value }
            if let value = update.resourcePath { config.resourcePath = value }
            if let value = update.fullyQualifiedDomainName { config.fullyQualifiedDomainName = value }
            if let value = update.searchString { config.searchString = value }
            if let value = update.failureThreshold { config.failureThreshold = value }
            if let value = update.inverted { config.inverted = value }
            if let value = update.disabled { config.disabled = value }
            if let value = update.healthThreshold { config.healthThreshold = value }
            if let value = update.childHealthChecks { config.childHealthChecks = value.sorted() }
            if let value = update.enableSNI { config.enableSNI = value }
            if let value = update.regions { config.regions = value }
            if let value = update.alarmIdentifier { config.alarmIdentifier = value }
            if let value = update.insufficientDataHealthStatus { config.insufficientDataHealthStatus = value }
            let others = state.checks.filter { $0.id != id }
            let minimum = min(HealthCheckValidator.apiMinimumInterval, config.requestInterval)
            let issues = HealthCheckValidator.validate(config, id: id, minimumInterval: minimum, existing: others)
            if let error = Route53Error(issues: issues) { throw error }
            stored.check.config = config
            stored.check.version += 1
            state.healthChecks[index] = stored
            let change = changeRecord(operation: "UpdateHealthCheck", zoneId: nil, actor: actor,
                                      detail: Self.versionDetail(stored.check))
            return (stored, Effects(mutations: [.putHealthCheck(stored), .appendChange(change)], checksChanged: true))
        }
    }

    /// DeleteHealthCheck (HC-12a): refused while a CALCULATED check lists it; allowed while record
    /// sets reference it (they then count as healthy).
    public func deleteHealthCheck(id: String, actor: String) throws(Route53Error) {
        try write { state throws(Route53Error) in
            guard let index = state.healthCheckIndex(id) else { throw Self.noSuchHealthCheck(id) }
            let parents = state.healthChecks.filter { $0.check.config.childHealthChecks.contains(id) }.map(\.check.id)
            if !parents.isEmpty {
                throw Route53Error(code: Route53Error.invalidInput, message: Route53Message.childStillReferenced(child: id, parents: parents))
            }
            state.healthChecks.remove(at: index)
            state.tags[TagSetKey(type: .healthcheck, id: id)] = nil
            state.drillStates.removeAll { $0.checkId == id }
            let change = changeRecord(operation: "DeleteHealthCheck", zoneId: nil, actor: actor, detail: ["HealthCheckId": id])
            return ((), Effects(mutations: [.deleteHealthCheck(id: id), .deleteDrillState(checkId: id), .appendChange(change)],
                                checksChanged: true))
        }
    }

    /// One `HealthCheckObservation` (HC-13).
    public struct Observation: Sendable {
        public var region: String
        public var ipAddress: String
        public var status: String
        public var checkedAt: Date
    }

    /// GetHealthCheckStatus (HC-13): each checker's latest status; none for CALCULATED and the
    /// side-channel types, and none before a checker's first probe.
    public func healthCheckStatus(id: String) throws(Route53Error) -> [Observation] {
        _ = try healthCheck(id: id)
        guard let report = health.monitor.report(id: id) else { return [] }
        return report.checkers.compactMap(Self.observation)
    }

    /// GetHealthCheckLastFailureReason (HC-13): each checker's most recent failure.
    public func healthCheckLastFailureReason(id: String) throws(Route53Error) -> [Observation] {
        _ = try healthCheck(id: id)
        guard let report = health.monitor.report(id: id) else { return [] }
        return report.lastFailure.compactMap(Self.observation)
    }

    static func observation(_ checker: CheckerObservation) -> Observation? {
        guard let status = checker.lastStatus, let wall = checker.checkedAtWall else { return nil }
        return Observation(region: checker.region, ipAddress: checker.ipAddress, status: status,
                           checkedAt: Date(timeIntervalSince1970: wall))
    }

    /// The history keeps every configuration version of a check (issue 4 item 4): the whole
    /// HealthCheckConfig as of this version, in API field names.
    static func versionDetail(_ check: HealthCheck) -> [String: String] {
        let config = check.config
        var detail: [String: String] = ["HealthCheckId": check.id, "HealthCheckVersion": String(check.version),
                                        "Type": config.type.rawValue, "RequestInterval": HealthCheckValidator.formatSeconds(config.requestInterval),
                                        "FailureThreshold": String(config.failureThreshold), "Inverted": String(config.inverted),
                                        "Disabled": String(config.disabled), "MeasureLatency": String(config.measureLatency),
                                        "EnableSNI": String(config.enableSNI), "Regions": config.regions.joined(separator: ",")]
        detail["IPAddress"] = config.ipAddress
        detail["Port"] = config.port.map(String.init)
        detail["ResourcePath"] = config.resourcePath
        detail["FullyQualifiedDomainName"] = config.fullyQualifiedDomainName
        detail["SearchString"] = config.searchString
        detail["HealthThreshold"] = config.healthThreshold.map(String.init)
        if config.type == .calculated { detail["ChildHealthChecks"] = config.childHealthChecks.joined(separator: ",") }
        detail["AlarmIdentifier"] = config.alarmIdentifier.map { "\($0.region)/\($0.name)" }
        detail["InsufficientDataHealthStatus"] = config.insufficientDataHealthStatus?.rawValue
        detail["RoutingControlArn"] = config.routingControlArn
        return detail
    }

    static func noSuchHealthCheck(_ id: String) -> Route53Error {
        Route53Error(code: "NoSuchHealthCheck", message: Route53Message.noSuchHealthCheck(id: id))
    }

    static func healthCheckAlreadyExists(_ reference: String) -> Route53Error {
        Route53Error(code: "HealthCheckAlreadyExists",
                     message: "A health check with the specified CallerReference (\(reference)) already exists and has a different configuration, or was deleted.")
    }

    static func pageSize(_ text: String?, maximum: Int, default value: Int) throws(Route53Error) -> Int {
        text == nil ? value : try pageSize(text, maximum: maximum)
    }
}
