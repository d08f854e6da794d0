import Route53Model

/// The lab's client tables (`ClientRoutingTables`, RP-07…RP-10) compiled for queries: networks
/// as inline prefixes ordered longest first, location codes upper-cased, collections by ID.
///
/// A network is identified on the query path by its *slot*: 0 means "the client matches no
/// network" (or is unknown), slot `i + 1` is `networks[i]`. Policy groups precompute one member
/// order per slot, so a query costs one prefix scan and an array index.
///
/// A class so that copying an `AnswerSnapshot` (once per query) retains one reference, not four.
final class ClientRoutingIndex: Sendable {
    /// One client network of the tables.
    struct Network: Sendable {
        let block: ClientAddress
        /// Latency regions nearest first (RP-07); empty = use the default order.
        let latencyOrder: [String]
        /// Geolocation codes (RP-08), upper-cased.
        let continentCode: String?
        let countryCode: String?
        let subdivisionCode: String?
        /// Geoproximity position (RP-09), when the table gives one.
        let coordinates: Coordinates?
    }

    /// Longest prefix first; among equal lengths, table order.
    let networks: [Network]
    /// Latency order for clients matching no network (RP-07 lab rule); empty = Region name order.
    let defaultLatencyOrder: [String]
    /// IP-based routing collections by `CollectionId` (RP-10).
    let cidrCollections: [String: CidrCollection]

    static let empty = ClientRoutingIndex(ClientRoutingTables.empty)

    /// Compiles `tables`; blocks that are neither IPv4 nor IPv6 are skipped.
    init(_ tables: ClientRoutingTables) {
        var compiled: [(position: Int, network: Network)] = []
        for (position, network) in tables.networks.enumerated() {
            guard let block = ClientAddress(block: network.block) else { continue }
            let coordinates = network.latitude.flatMap { latitude in
                network.longitude.map { Coordinates(latitude: latitude, longitude: $0) }
            }
            compiled.append((position, Network(
                block: block, latencyOrder: network.latencyOrder,
                continentCode: network.continentCode?.uppercased(), countryCode: network.countryCode?.uppercased(),
                subdivisionCode: network.subdivisionCode?.uppercased(), coordinates: coordinates)))
        }
        compiled.sort {
            $0.network.block.prefixLength != $1.network.block.prefixLength
                ? $0.network.block.prefixLength > $1.network.block.prefixLength
                : $0.position < $1.position
        }
        networks = compiled.map(\.network)
        defaultLatencyOrder = tables.defaultLatencyOrder
        var collections: [String: CidrCollection] = [:]
        for collection in tables.cidrCollections where collections[collection.id] == nil {
            collections[collection.id] = collection
        }
        cidrCollections = collections
    }

    /// Number of slots a per-network order table needs (unmatched + one per network).
    var slotCount: Int { networks.count + 1 }

    /// The slot of the longest network containing `client` (0 when none does or the client is
    /// unknown) and, when `scoped`, the ECS scope that decision allows (see
    /// `scope(of:matchedLength:blocks:)`; 0 otherwise).
    func match(_ client: ClientAddress?, scoped: Bool) -> NetworkMatch {
        guard let client, !networks.isEmpty else { return NetworkMatch(slot: 0, scope: 0) }
        let position = networks.firstIndex { $0.block.contains(client) }
        guard scoped else { return NetworkMatch(slot: position.map { $0 + 1 } ?? 0, scope: 0) }
        let scope = Self.scope(of: client, matchedLength: position.map { Int(networks[$0].block.prefixLength) },
                               blocks: networks.lazy.map { $0.block })
        return NetworkMatch(slot: position.map { $0 + 1 } ?? 0, scope: scope)
    }

    /// RFC 7871 §7.2.1 SCOPE PREFIX-LENGTH for a longest-prefix decision: the shortest prefix of the
    /// client's subnet on which every client gets the same match. That is the matched block's
    /// length (0 when none matched), lengthened just enough to exclude each more specific block
    /// the client is not in, and never longer than the client's own SOURCE PREFIX-LENGTH (a
    /// subnet shorter than a block never matches it, so the decision holds for all of it).
    static func scope(of client: ClientAddress, matchedLength: Int?, blocks: some Sequence<ClientAddress>) -> UInt8 {
        let matched = matchedLength ?? 0
        var scope = matched
        for block in blocks where block.family == client.family && Int(block.prefixLength) > matched {
            let common = client.commonPrefixLength(with: block)
            // A block the client's bits agree with but whose prefix is longer than the client's
            // subnet: only the whole subnet decides.
            scope = max(scope, common < Int(block.prefixLength) ? common + 1 : Int(client.prefixLength))
        }
        return UInt8(min(scope, Int(client.prefixLength)))
    }
}

/// Which network a query's client fell into and the ECS scope of that decision.
struct NetworkMatch: Sendable {
    let slot: Int
    let scope: UInt8
}

/// A position on Earth in decimal degrees (RP-09).
struct Coordinates: Sendable, Hashable {
    let latitude: Double
    let longitude: Double
}
