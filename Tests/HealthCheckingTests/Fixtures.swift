import HealthChecking
import Route53Model

/// Health check builders for the tests.
enum Fixtures {
    static func http(_ id: String, ip: String = "192.0.2.10", fqdn: String? = nil, port: Int? = nil, interval: Double = 10,
                     threshold: Int = 3, inverted: Bool = false, disabled: Bool = false,
                     type: HealthCheckType = .http) -> HealthCheck {
        HealthCheck(id: id, callerReference: id,
                    config: HealthCheckConfig(type: type, ipAddress: ip.isEmpty ? nil : ip, port: port,
                                              fullyQualifiedDomainName: fqdn, requestInterval: interval,
                                              failureThreshold: threshold, inverted: inverted, disabled: disabled))
    }

    static func tcp(_ id: String, ip: String, port: Int, interval: Double = 10, threshold: Int = 3) -> HealthCheck {
        HealthCheck(id: id, callerReference: id,
                    config: HealthCheckConfig(type: .tcp, ipAddress: ip, port: port, requestInterval: interval,
                                              failureThreshold: threshold))
    }

    static func calculated(_ id: String, children: [String], threshold: Int?, inverted: Bool = false) -> HealthCheck {
        HealthCheck(id: id, callerReference: id,
                    config: HealthCheckConfig(type: .calculated, inverted: inverted, healthThreshold: threshold,
                                              childHealthChecks: children))
    }

    static func cloudWatch(_ id: String, alarm: String, insufficient: InsufficientDataHealthStatus?) -> HealthCheck {
        HealthCheck(id: id, callerReference: id,
                    config: HealthCheckConfig(type: .cloudwatchMetric, alarmIdentifier: AlarmIdentifier(region: "us-east-1", name: alarm),
                                              insufficientDataHealthStatus: insufficient))
    }

    static func recovery(_ id: String, arn: String) -> HealthCheck {
        HealthCheck(id: id, callerReference: id, config: HealthCheckConfig(type: .recoveryControl, routingControlArn: arn))
    }
}
