extension Route53Message {
    /// API-06 [L] (shape unverified): a `HealthCheckId` that names no health check (HC-12b,
    /// code `NoSuchHealthCheck`, HTTP 404).
    public static func noSuchHealthCheck(id: String) -> String {
        "A health check with id \(id) does not exist."
    }

    /// HC-12a [O]: deleting a child of a CALCULATED check (code `InvalidInput`).
    public static func childStillReferenced(child: String, parents: [String]) -> String {
        "Health check \(child) is still referenced from parent health check(s): \(parents.joined(separator: ", "))"
    }

    /// The observed shape of CreateHealthCheck's `InvalidInput` messages [O]:
    /// `Invalid parameter : Basic health checks must not have an metric region specified.`
    public static func invalidHealthCheckParameter(_ sentence: String) -> String {
        "Invalid parameter : \(sentence)"
    }

    /// HC-10 [O]: an AlarmIdentifier on an endpoint ("basic") check, verbatim (grammar included).
    public static let alarmOnBasicHealthCheck =
        invalidHealthCheckParameter("Basic health checks must not have an metric region specified.")

    /// HC-09 [O]: a CALCULATED check without HealthThreshold, verbatim.
    public static let calculatedNeedsHealthThreshold =
        invalidHealthCheckParameter("Calculated health checks must have a health threshold specified.")

    /// HC-02 [O]: a TCP check addressed by IPAddress that also names a FullyQualifiedDomainName,
    /// verbatim (AWS sends this one without the `Invalid parameter :` prefix).
    public static let tcpWithAddressAndDomainName =
        "TCP health checks that have IP address must not have a fully qualified domain name specified."

    /// HC-01 [L]: a field the type needs (`Port` for TCP, `SearchString` for string matching,
    /// `IPAddress or FullyQualifiedDomainName` for endpoints, …).
    public static func healthCheckFieldRequired(type: HealthCheckType, field: String) -> String {
        invalidHealthCheckParameter("\(type.rawValue) health checks must have \(field) specified.")
    }

    /// HC-02 [L]: a field that belongs to other types (SearchString on HTTP, IPAddress on CALCULATED, …).
    public static func healthCheckFieldNotAllowed(type: HealthCheckType, field: String) -> String {
        invalidHealthCheckParameter("\(type.rawValue) health checks must not have \(field) specified.")
    }

    /// HC-09 [L]: a child that names no health check.
    public static func childHealthCheckMissing(_ child: String) -> String {
        invalidHealthCheckParameter("Child health check \(child) does not exist.")
    }

    /// HC-09 [L]: calculated checks cannot be children.
    public static func childHealthCheckCalculated(_ child: String) -> String {
        invalidHealthCheckParameter("Child health check \(child) is a CALCULATED health check; calculated health checks cannot be children.")
    }

    /// HC-09 [L].
    public static func childHealthCheckSelf(_ id: String) -> String {
        invalidHealthCheckParameter("Health check \(id) cannot be its own child health check.")
    }

    /// HC-09 [L].
    public static func childHealthCheckRepeated(_ child: String) -> String {
        invalidHealthCheckParameter("Child health check \(child) is listed more than once.")
    }

    /// HC-09 / HC-15 [L].
    public static func tooManyChildHealthChecks(_ count: Int, maximum: Int) -> String {
        invalidHealthCheckParameter("A calculated health check can have at most \(maximum) child health checks; \(count) were specified.")
    }

    /// HC-02 [L]: `IPAddress` that is not an IPv4 or IPv6 literal.
    public static func invalidHealthCheckAddress(_ address: String) -> String {
        invalidHealthCheckParameter("\(address) is not a valid IPv4 or IPv6 address.")
    }

    /// HC-02, HC-05 [L]: RequestInterval other than 10 or 30 (and outside the lab range).
    public static func invalidRequestInterval(_ seconds: String) -> String {
        invalidHealthCheckParameter("Request interval \(seconds) is not supported; specify 10 or 30 seconds.")
    }

    /// HC-04 [L].
    public static func tooFewHealthCheckRegions(_ count: Int, minimum: Int) -> String {
        invalidHealthCheckParameter("At least \(minimum) regions must be specified; \(count) were specified.")
    }

    /// HC-04 [L].
    public static func healthCheckRegionRepeated(_ region: String) -> String {
        invalidHealthCheckParameter("Region \(region) is listed more than once.")
    }

    /// XML-schema lower-bound failure [L, same shape as `aboveMaximum`].
    public static func belowMinimum(_ value: String, minimum: String, type: String) -> String {
        "Invalid XML ; cvc-minInclusive-valid: Value '\(value)' is not facet-valid with respect to minInclusive '\(minimum)' for type '\(type)'."
    }

    /// XML-schema minimum-length failure [L, same shape as `tooLong`].
    public static func tooShort(_ value: String, minimum: Int, type: String) -> String {
        "Invalid XML ; cvc-minLength-valid: Value '\(value)' with length = '\(value.count)' is not facet-valid with respect to minLength '\(minimum)' for type '\(type)'."
    }
}
