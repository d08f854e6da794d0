import Route53Model

/// Which region a virtual checker stands for and the fake IP address it reports (HC-04, HC-13).
///
/// Checkers are dealt round-robin over the check's `Regions` (default all eight), so with the
/// Route 53 model of 2 per region every region gets exactly two. Addresses are
/// `15.177.<region index>.<10 + replica>`: inside Route 53's published health-checker block
/// 15.177.0.0/18 so they look familiar in observations, but purely cosmetic — every probe is really
/// sent from the lab host, and nothing ever uses these addresses.
public struct CheckerIdentity: Sendable, Hashable {
    /// One of the eight checker regions (HC-04).
    public var region: String
    /// Fake checker address shown in observations (HC-13 `IPAddress`).
    public var ipAddress: String

    public init(region: String, ipAddress: String) {
        self.region = region
        self.ipAddress = ipAddress
    }

    /// Identity of checker `index` of a check probing from `regions`.
    public static func make(index: Int, regions: [String]) -> CheckerIdentity {
        let pool = regions.isEmpty ? HealthCheckConfig.allRegions : regions
        let region = pool[index % pool.count]
        let regionIndex = HealthCheckConfig.allRegions.firstIndex(of: region) ?? HealthCheckConfig.allRegions.count
        let replica = index / pool.count
        return CheckerIdentity(region: region, ipAddress: "15.177.\(regionIndex).\(10 + replica % 240)")
    }
}
