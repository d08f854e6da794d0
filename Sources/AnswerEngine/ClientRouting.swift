/// How one policy group depends on the client (RP-07…RP-10), compiled from the lab tables so a
/// query only indexes and scans prefixes.
enum ClientRouting: Sendable {
    /// The answer does not depend on the client (simple, weighted, failover, multivalue).
    case none
    /// Latency, geolocation and geoproximity: `orders[slot]` lists the candidate members for a
    /// client in network slot `slot` (see `ClientRoutingIndex`), best first. A member missing
    /// from a list is never a candidate for that client (geolocation without a matching record).
    case ordered([[Int32]])
    /// IP-based routing: longest-prefix candidates plus the default location.
    case cidr(CidrRoutes)

    /// True when the group needs the client's network slot.
    var needsNetwork: Bool {
        if case .ordered = self { return true }
        return false
    }
}

/// The blocks of an IP-based group (RP-10): every block of every location some member names, the
/// longest first, and the member for `LocationName "*"`.
struct CidrRoutes: Sendable {
    struct Route: Sendable {
        let block: ClientAddress
        let member: Int32
    }

    let routes: [Route]
    /// Member of the default location (`*`), -1 when the group has none (→ NODATA when nothing
    /// matches, RP-10).
    let defaultMember: Int32

    /// The member answering `client`: the first healthy member among the blocks containing the
    /// client (longest first), then the default location; when none of those is healthy, the
    /// most specific one anyway (last-resort rule, RP-02). Nil when nothing matches and there
    /// is no default (NODATA).
    @inline(__always)
    func choose(for client: ClientAddress?, isHealthy: (Int) -> Bool) -> Int32? {
        var mostSpecific: Int32?
        if let client {
            for route in routes where route.block.contains(client) {
                if isHealthy(Int(route.member)) { return route.member }
                mostSpecific = mostSpecific ?? route.member
            }
        }
        if defaultMember >= 0 && (mostSpecific == nil || isHealthy(Int(defaultMember))) { return defaultMember }
        return mostSpecific
    }

    /// The ECS scope of the match for `client` (RFC 7871 §7.2.1, see `ClientRoutingIndex.scope`).
    func scope(for client: ClientAddress) -> UInt8 {
        let matched = routes.first { $0.block.contains(client) }.map { Int($0.block.prefixLength) }
        return ClientRoutingIndex.scope(of: client, matchedLength: matched, blocks: routes.lazy.map { $0.block })
    }
}
