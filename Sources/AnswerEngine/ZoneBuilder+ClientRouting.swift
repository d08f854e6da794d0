import Route53Model

/// Per-client member orders for the client-aware policies (RP-07…RP-10), computed once per
/// snapshot so that a query only looks up its network slot.
extension ZoneBuilder {
    /// The client routing of a group whose members are already in their fixed order (latency by
    /// Region name, geoproximity by SetIdentifier; see `orderMembers`).
    static func clientRouting(for group: PolicyGroup, index: ClientRoutingIndex) -> ClientRouting {
        switch group.policy {
        case .latency: .ordered(latencyOrders(group.members, index: index))
        case .geolocation: .ordered(geolocationOrders(group.members, index: index))
        case .geoproximity: .ordered(proximityOrders(group.members, index: index))
        case .cidr: .cidr(cidrRoutes(group.members, index: index))
        case .simple, .weighted, .failover, .multivalue: .none
        }
    }

    /// RP-07 lab rule: Regions in the matched network's latency order, else the default order,
    /// else Region name order; Regions a list omits follow it in Region name order.
    static func latencyOrders(_ members: FlatList<PolicyMember>, index: ClientRoutingIndex) -> [[Int32]] {
        func order(by ranking: [String]) -> [Int32] {
            guard !ranking.isEmpty else { return members.indices.map(Int32.init) }
            var rank: [String: Int] = [:]
            for (position, region) in ranking.enumerated() where rank[region] == nil { rank[region] = position }
            let keyed = members.indices.map { (rank: rank[region(of: members[$0])] ?? Int.max, position: $0) }
            return keyed.sorted { ($0.rank, $0.position) < ($1.rank, $1.position) }.map { Int32($0.position) }
        }
        let fallback = order(by: index.defaultLatencyOrder)
        return [fallback] + index.networks.map { $0.latencyOrder.isEmpty ? fallback : order(by: $0.latencyOrder) }
    }

    /// RP-08: the records matching the client's subdivision, country, continent and the default
    /// `*`, most specific first. Unmapped clients (slot 0, or a network without codes) get `*` only;
    /// an empty list means NODATA.
    static func geolocationOrders(_ members: FlatList<PolicyMember>, index: ClientRoutingIndex) -> [[Int32]] {
        let locations = members.map { member -> GeoLocation? in
            if case .geolocation(let location) = member.routing { return location }
            return nil
        }
        func first(_ matches: (GeoLocation) -> Bool) -> Int32? {
            locations.firstIndex { $0.map(matches) ?? false }.map(Int32.init)
        }
        let fallback = first { $0.countryCode == "*" }
        func order(_ network: ClientRoutingIndex.Network) -> [Int32] {
            var chain: [Int32?] = []
            if let country = network.countryCode {
                if let subdivision = network.subdivisionCode {
                    chain.append(first { $0.countryCode?.uppercased() == country && $0.subdivisionCode?.uppercased() == subdivision })
                }
                chain.append(first { $0.countryCode?.uppercased() == country && $0.subdivisionCode == nil })
            }
            if let continent = network.continentCode {
                chain.append(first { $0.continentCode?.uppercased() == continent })
            }
            chain.append(fallback)
            return chain.compactMap { $0 }
        }
        return [fallback.map { [$0] } ?? []] + index.networks.map(order)
    }

    /// RP-09: members by biased distance from the network's coordinates (ties and unlocated
    /// resources in SetIdentifier order, unlocated last). Clients without coordinates get the
    /// SetIdentifier order (lab rule [L]).
    static func proximityOrders(_ members: FlatList<PolicyMember>, index: ClientRoutingIndex) -> [[Int32]] {
        let fallback = members.indices.map(Int32.init)
        let resources = members.map { member -> (Coordinates?, Int?) in
            if case .geoproximity(let location) = member.routing {
                return (Geoproximity.coordinates(of: location), location.bias)
            }
            return (nil, nil)
        }
        return [fallback] + index.networks.map { network in
            guard let client = network.coordinates else { return fallback }
            let keyed = resources.enumerated().map { position, resource in
                (distance: resource.0.map { Geoproximity.biased(Geoproximity.distance(client, $0), bias: resource.1) }
                    ?? .infinity, position: position)
            }
            return keyed.sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }.map { Int32($0.position) }
        }
    }

    /// RP-10: every block of every location a member names, longest prefix first (members in
    /// order for equal lengths); the member naming `*` is the default. A collection the tables do
    /// not define contributes no blocks.
    static func cidrRoutes(_ members: FlatList<PolicyMember>, index: ClientRoutingIndex) -> CidrRoutes {
        var routes: [(route: CidrRoutes.Route, position: Int)] = []
        var defaultMember: Int32 = -1
        for (position, member) in members.enumerated() {
            guard case .cidr(let config) = member.routing else { continue }
            if config.locationName == "*" {
                if defaultMember < 0 { defaultMember = Int32(position) }
                continue
            }
            let blocks = index.cidrCollections[config.collectionId]?.locations[config.locationName] ?? []
            for block in blocks {
                guard let compiled = ClientAddress(block: block) else { continue }
                routes.append((CidrRoutes.Route(block: compiled, member: Int32(position)), routes.count))
            }
        }
        routes.sort {
            $0.route.block.prefixLength != $1.route.block.prefixLength
                ? $0.route.block.prefixLength > $1.route.block.prefixLength
                : $0.position < $1.position
        }
        return CidrRoutes(routes: routes.map(\.route), defaultMember: defaultMember)
    }

    private static func region(of member: PolicyMember) -> String {
        if case .latency(let region) = member.routing { return region }
        return ""
    }
}
