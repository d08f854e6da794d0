import Foundation
import Route53Model

/// The `config` column of `health_check`: every `HealthCheckConfig` field (HC-02).
///
/// Decoding assigns each stored field after `init`, so the defaults `init` applies (ports, SNI,
/// sorted children) can never change a stored value: what was written is what is read.
struct HealthCheckConfigDTO: Codable {
    var type: String
    var ipAddress: String?
    var port: Int?
    var resourcePath: String?
    var fullyQualifiedDomainName: String?
    var searchString: String?
    /// A Double: the lab allows sub-second intervals (HC-05). JSON numbers round-trip Doubles exactly.
    var requestInterval: Double
    var failureThreshold: Int
    var measureLatency: Bool
    var inverted: Bool
    var disabled: Bool
    var healthThreshold: Int?
    var childHealthChecks: [String]
    var enableSNI: Bool
    var regions: [String]
    var alarmIdentifier: AlarmIdentifierDTO?
    var insufficientDataHealthStatus: String?
    var routingControlArn: String?

    init(_ config: HealthCheckConfig) {
        type = config.type.rawValue
        ipAddress = config.ipAddress
        port = config.port
        resourcePath = config.resourcePath
        fullyQualifiedDomainName = config.fullyQualifiedDomainName
        searchString = config.searchString
        requestInterval = config.requestInterval
        failureThreshold = config.failureThreshold
        measureLatency = config.measureLatency
        inverted = config.inverted
        disabled = config.disabled
        healthThreshold = config.healthThreshold
        childHealthChecks = config.childHealthChecks
        enableSNI = config.enableSNI
        regions = config.regions
        alarmIdentifier = config.alarmIdentifier.map { AlarmIdentifierDTO(region: $0.region, name: $0.name) }
        insufficientDataHealthStatus = config.insufficientDataHealthStatus?.rawValue
        routingControlArn = config.routingControlArn
    }

    func model() throws -> HealthCheckConfig {
        guard let checkType = HealthCheckType(rawValue: type) else {
            throw StoredValueError("unknown health check type '\(type)'")
        }
        var config = HealthCheckConfig(type: checkType)
        config.ipAddress = ipAddress
        config.port = port
        config.resourcePath = resourcePath
        config.fullyQualifiedDomainName = fullyQualifiedDomainName
        config.searchString = searchString
        config.requestInterval = requestInterval
        config.failureThreshold = failureThreshold
        config.measureLatency = measureLatency
        config.inverted = inverted
        config.disabled = disabled
        config.healthThreshold = healthThreshold
        config.childHealthChecks = childHealthChecks
        config.enableSNI = enableSNI
        config.regions = regions
        config.alarmIdentifier = alarmIdentifier.map { AlarmIdentifier(region: $0.region, name: $0.name) }
        if let insufficientDataHealthStatus {
            guard let status = InsufficientDataHealthStatus(rawValue: insufficientDataHealthStatus) else {
                throw StoredValueError("unknown InsufficientDataHealthStatus '\(insufficientDataHealthStatus)'")
            }
            config.insufficientDataHealthStatus = status
        } else {
            config.insufficientDataHealthStatus = nil
        }
        config.routingControlArn = routingControlArn
        return config
    }
}

struct AlarmIdentifierDTO: Codable {
    var region: String
    var name: String
}
