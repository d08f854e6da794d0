import Route53Model

/// Chooses which record sets of a policy group answer one query (spec §4), given the health
/// of each member and, for the client-aware policies, where the client is. Pure: health comes in
/// as a predicate, the client as a network slot and address, randomness as a generator, so every
/// rule is testable row by row (RP-11).
///
/// Client-aware policies walk the candidate order compiled for the client's network slot
/// (`ClientRouting`, built from the lab tables; slot 0 = the client matches no network):
/// - latency (RP-07): Regions nearest first; the first healthy one answers, else the nearest
///   (last-resort rule, RP-02);
/// - geolocation (RP-08): subdivision, country, continent, `*`; the first healthy one answers,
///   else the most specific; no candidate at all → NODATA;
/// - geoproximity (RP-09): by biased distance; the closest healthy one, else the closest;
/// - IP-based (RP-10): blocks containing the client, longest first, then `*`; the first healthy
///   one, else the most specific; no candidate → NODATA.
/// An alias member with EvaluateTargetHealth whose subtree is unhealthy counts as unhealthy, so
/// the walk backtracks to the next candidate (RP-02 backtracking, T12).
enum PolicySelector {
    /// Member indices in answer order.
    typealias Selection = InlineList8<Int32>

    /// Multivalue answers hold at most this many record sets (RP-06).
    static let multivalueLimit = 8

    static func select<G: RandomNumberGenerator>(_ group: PolicyGroup, networkSlot: Int = 0, client: ClientAddress? = nil,
                                                 isHealthy: (Int) -> Bool, using generator: inout G) -> Selection {
        var picked = Selection(filler: -1)
        let members = group.members
        guard !members.isEmpty else { return picked }
        switch group.policy {
        case .simple:
            // RP-03: one record set, health ignored. (Several would be a validation bug; answer all.)
            for index in members.indices.prefix(Selection.capacity) { picked.append(Int32(index)) }
        case .failover:
            picked.append(Int32(failover(members, isHealthy: isHealthy)))
        case .weighted:
            withHealth(of: members.count, isHealthy) { healthy in
                if let choice = weighted(members, healthy, using: &generator) { picked.append(Int32(choice)) }
            }
        case .multivalue:
            withHealth(of: members.count, isHealthy) { healthy in
                picked = multivalue(members.count, healthy, using: &generator)
            }
        case .latency, .geoproximity, .geolocation:
            if let choice = ordered(group, slot: networkSlot, isHealthy: isHealthy) { picked.append(choice) }
        case .cidr:
            if case .cidr(let routes) = group.clientRouting {
                if let choice = routes.choose(for: client, isHealthy: isHealthy) { picked.append(choice) }
            } else if let choice = members.firstIndex(where: isCidrDefault) {
                picked.append(Int32(choice))
            }
        }
        return picked
    }

    /// The first healthy member of the client's candidate order, else its first (last resort);
    /// nil for an empty order (geolocation NODATA). A group built without client routing treats
    /// the client as unmapped: geolocation answers with `*` only, latency and geoproximity walk
    /// the members in their fixed order.
    @inline(__always)
    static func ordered(_ group: PolicyGroup, slot: Int, isHealthy: (Int) -> Bool) -> Int32? {
        guard case .ordered(let orders) = group.clientRouting, orders.indices.contains(slot) else {
            if group.policy == .geolocation { return group.members.firstIndex(where: isGeoDefault).map(Int32.init) }
            return Int32(group.members.indices.first(where: isHealthy) ?? 0)
        }
        let order = orders[slot]
        return order.first { isHealthy(Int($0)) } ?? order.first
    }

    private static func isGeoDefault(_ member: PolicyMember) -> Bool {
        if case .geolocation(let location) = member.routing { return location.countryCode == "*" }
        return false
    }

    private static func isCidrDefault(_ member: PolicyMember) -> Bool {
        if case .cidr(let config) = member.routing { return config.locationName == "*" }
        return false
    }

    /// RP-05: PRIMARY while healthy, else a healthy SECONDARY, else PRIMARY (last resort); a lone
    /// member answers whatever its health.
    static func failover(_ members: FlatList<PolicyMember>, isHealthy: (Int) -> Bool) -> Int {
        var primary: Int?
        var secondary: Int?
        for (index, member) in members.enumerated() {
            guard case .failover(let role) = member.routing else { continue }
            switch role {
            case .primary: primary = primary ?? index
            case .secondary: secondary = secondary ?? index
            }
        }
        if let primary, isHealthy(primary) { return primary }
        if let secondary, isHealthy(secondary) { return secondary }
        return primary ?? secondary ?? 0
    }

    /// RP-04 reference algorithm: healthy members with weight > 0, else healthy zero-weight
    /// members, else (last resort, RP-02) all non-zero members, else everyone; then one pick with
    /// P = weight / Σweight, uniform when every candidate weighs 0.
    static func weighted<G: RandomNumberGenerator>(_ members: FlatList<PolicyMember>, _ healthy: UnsafeBufferPointer<Bool>,
                                                   using generator: inout G) -> Int? {
        // Tiers in order; the first with any candidate decides.
        func isCandidate(_ index: Int, tier: Int) -> Bool {
            switch tier {
            case 0: healthy[index] && members[index].weight > 0
            case 1: healthy[index] && members[index].weight == 0
            case 2: members[index].weight > 0
            default: true
            }
        }
        for tier in 0..<4 {
            var count = 0
            var total = 0
            for index in members.indices where isCandidate(index, tier: tier) {
                count += 1
                total += members[index].weight
            }
            guard count > 0 else { continue }
            // Uniform over the candidates when they all weigh 0 (RP-04, T8).
            var point = Int.random(in: 0..<(total == 0 ? count : total), using: &generator)
            for index in members.indices where isCandidate(index, tier: tier) {
                point -= total == 0 ? 1 : members[index].weight
                if point < 0 { return index }
            }
        }
        return nil
    }

    /// RP-06: up to eight healthy members chosen at random (all of them when there are at most
    /// eight); when none is healthy, up to eight of all members. Returned in random order.
    static func multivalue<G: RandomNumberGenerator>(_ count: Int, _ healthy: UnsafeBufferPointer<Bool>,
                                                     using generator: inout G) -> Selection {
        var picked = Selection(filler: -1)
        let healthyCount = healthy.reduce(0) { $0 + ($1 ? 1 : 0) }
        let useHealthy = healthyCount > 0
        var remaining = useHealthy ? healthyCount : count
        var needed = min(multivalueLimit, remaining)
        // Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): each candidate is taken with
        // probability needed/remaining, giving a uniform subset in one pass.
        for index in 0..<count where !useHealthy || healthy[index] {
            if needed > 0 && Int.random(in: 0..<remaining, using: &generator) < needed {
                picked.append(Int32(index))
                needed -= 1
            }
            remaining -= 1
        }
        shuffle(&picked, using: &generator)
        return picked
    }

    static func shuffle<G: RandomNumberGenerator>(_ list: inout Selection, using generator: inout G) {
        guard list.count > 1 else { return }
        for index in stride(from: list.count - 1, to: 0, by: -1) {
            list.swapAt(index, Int.random(in: 0...index, using: &generator))
        }
    }

    /// Evaluates every member's health once into a stack buffer (alias health may recurse).
    private static func withHealth(of count: Int, _ isHealthy: (Int) -> Bool,
                                   _ body: (UnsafeBufferPointer<Bool>) -> Void) {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { buffer in
            for index in 0..<count { buffer.initializeElement(at: index, to: isHealthy(index)) }
            body(UnsafeBufferPointer(buffer))
        }
    }
}
