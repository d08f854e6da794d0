/// Errors of the drill operations of `HealthMonitor`.
public enum HealthMonitorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No health check with this id is monitored.
    case noSuchHealthCheck(String)
    /// Probe faults only apply to probed (endpoint) checks, not CALCULATED / CLOUDWATCH_METRIC /
    /// RECOVERY_CONTROL.
    case notAnEndpointCheck(String)
    /// A drill duration must be positive.
    case invalidDuration(Duration)

    public var description: String {
        switch self {
        case .noSuchHealthCheck(let id): "No health check exists with the specified ID \(id)"
        case .notAnEndpointCheck(let id): "Health check \(id) is not probed, so a probe fault cannot be injected"
        case .invalidDuration(let duration): "A drill duration must be positive, got \(duration)"
        }
    }
}
