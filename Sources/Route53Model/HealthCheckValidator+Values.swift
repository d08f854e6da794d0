#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension HealthCheckValidator {
    /// `Type` text → the type; anything else fails with the XML enumeration message (API-06 shape).
    public static func type(_ text: String) throws(ValidationFailure) -> HealthCheckType {
        guard let type = HealthCheckType(rawValue: text) else {
            throw ValidationFailure(issue(Route53Message.notInEnumeration(text, HealthCheckType.allCases.map(\.rawValue)), field: "Type"))
        }
        return type
    }

    /// `InsufficientDataHealthStatus` text → the value (HC-02 enumeration).
    public static func insufficientDataHealthStatus(_ text: String) throws(ValidationFailure) -> InsufficientDataHealthStatus {
        guard let status = InsufficientDataHealthStatus(rawValue: text) else {
            let allowed = [InsufficientDataHealthStatus.healthy, .unhealthy, .lastKnownStatus].map(\.rawValue)
            throw ValidationFailure(issue(Route53Message.notInEnumeration(text, allowed), field: "InsufficientDataHealthStatus"))
        }
        return status
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 literal (no brackets, no zone index), nil otherwise.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    /// Seconds as written in messages: `1`, `0.5`, `30`.
    public static func formatSeconds(_ seconds: Double) -> String {
        if seconds.isFinite, seconds == seconds.rounded(), abs(seconds) < 1e15 {
            return String(Int64(seconds))
        }
        return String(seconds)
    }

    /// HC-02 ranges and lengths; HC-05 RequestInterval with the lab minimum.
    static func rangeIssues(_ config: HealthCheckConfig, minimumInterval: Double) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func inRange(_ value: Int?, _ range: ClosedRange<Int>, field: String) {
            guard let value, !range.contains(value) else { return }
            issues.append(issue(value < range.lowerBound
                ? Route53Message.belowMinimum(String(value), minimum: String(range.lowerBound), type: field)
                : Route53Message.aboveMaximum(String(value), maximum: String(range.upperBound), type: field), field: field))
        }
        // `type` is the API model's shape name, as XML-schema messages show it.
        func length(_ value: String?, _ maximum: Int, field: String, type: String? = nil, minimum: Int = 0) {
            guard let value else { return }
            if value.count > maximum {
                issues.append(issue(Route53Message.tooLong(value, maximum: maximum, type: type ?? field), field: field))
            } else if value.count < minimum {
                issues.append(issue(Route53Message.tooShort(value, minimum: minimum, type: type ?? field), field: field))
            }
        }
        if let address = config.ipAddress {
            if address.count > maximumIPAddressLength {
                issues.append(issue(Route53Message.tooLong(address, maximum: maximumIPAddressLength, type: "IPAddress"), field: "IPAddress"))
            } else if addressBytes(address) == nil {
                issues.append(issue(Route53Message.invalidHealthCheckAddress(address), field: "IPAddress"))
            }
        }
        inRange(config.port, portRange, field: "Port")
        length(config.resourcePath, maximumResourcePathLength, field: "ResourcePath")
        length(config.fullyQualifiedDomainName, maximumDomainNameLength, field: "FullyQualifiedDomainName", minimum: 1)
        length(config.searchString, maximumSearchStringLength, field: "SearchString")
        if !isAllowedInterval(config.requestInterval, minimum: minimumInterval) {
            let detail = minimumInterval < 10
                ? "Route 53 accepts 10 or 30; as a lab extension Lab53 also accepts \(formatSeconds(minimumInterval)) to 10 seconds here"
                : nil
            issues.append(issue(Route53Message.invalidRequestInterval(formatSeconds(config.requestInterval)), field: "RequestInterval",
                                detail: detail))
        }
        inRange(config.failureThreshold, failureThresholdRange, field: "FailureThreshold")
        inRange(config.healthThreshold, healthThresholdRange, field: "HealthThreshold")
        if let alarm = config.alarmIdentifier {
            if !RecordSetValidator.regions.contains(alarm.region) {
                issues.append(issue(Route53Message.notInEnumeration(alarm.region, RecordSetValidator.regions), field: "AlarmIdentifier.Region"))
            }
            length(alarm.name, maximumAlarmNameLength, field: "AlarmIdentifier.Name", type: "AlarmName", minimum: 1)
        }
        length(config.routingControlArn, maximumRoutingControlArnLength, field: "RoutingControlArn", minimum: 1)
        return issues
    }

    /// HC-04: regions from the eight checker regions, each once, at least three.
    static func regionIssues(_ regions: [String]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var seen = Set<String>()
        for (index, region) in regions.enumerated() {
            if !HealthCheckConfig.allRegions.contains(region) {
                issues.append(issue(Route53Message.notInEnumeration(region, HealthCheckConfig.allRegions), field: "Regions[\(index)]"))
            } else if !seen.insert(region).inserted {
                issues.append(issue(Route53Message.healthCheckRegionRepeated(region), field: "Regions[\(index)]"))
            }
        }
        if seen.count < minimumRegions && issues.isEmpty {
            issues.append(issue(Route53Message.tooFewHealthCheckRegions(regions.count, minimum: minimumRegions), field: "Regions"))
        }
        return issues
    }
}
