import Route53Model
import Yams

extension ConfigLoader {
    static let labKeys = ["TimeScale", "Checkers", "Networks", "DefaultLatencyOrder", "CidrCollections"]
    static let networkKeys = ["CIDR", "LatencyOrder", "ContinentCode", "CountryCode", "SubdivisionCode", "Latitude", "Longitude"]
    static let cidrCollectionKeys = ["Id", "Name", "Locations"]

    /// The `Lab` section: time scale and checker count (issue 3 §2, §3), and the client routing
    /// tables that stand in for what Route 53 measures (RP-07…RP-10).
    static func decodeLab(_ fields: YAMLFields, context: LoadContext) -> (settings: LabSettings, tables: ClientRoutingTables) {
        var settings = LabSettings()
        if let scale = number(fields, "TimeScale") {
            if scale > 0 && scale <= LabSettings.maximumTimeScale {
                settings.timeScale = scale
            } else {
                fields.report("TimeScale", "\(HealthCheckValidator.formatSeconds(scale)) is out of range (above 0, at most \(HealthCheckValidator.formatSeconds(LabSettings.maximumTimeScale)))")
            }
        }
        let checkersRange = Int64(LabSettings.checkersRange.lowerBound)...Int64(LabSettings.checkersRange.upperBound)
        if let checkers = fields.integer("Checkers", in: checkersRange) {
            settings.checkers = Int(checkers)
        }
        var tables = ClientRoutingTables()
        var networkPaths: [CIDRBlock: String] = [:]
        for item in fields.sequence("Networks") ?? [] {
            guard let network = decodeNetwork(item.node, path: item.path, reader: fields.reader) else { continue }
            if let first = networkPaths[network.block] {
                fields.reader.report(line: item.node.mark?.line, path: YAMLFields.join(item.path, "CIDR"),
                                     "\(network.block) is already listed at \(first)")
                continue
            }
            networkPaths[network.block] = item.path
            tables.networks.append(network)
        }
        tables.defaultLatencyOrder = latencyOrder(fields, "DefaultLatencyOrder")
        for item in fields.sequence("CidrCollections") ?? [] {
            guard let collection = decodeCidrCollection(item.node, path: item.path, reader: fields.reader) else { continue }
            if tables.cidrCollections.contains(where: { $0.id.lowercased() == collection.id.lowercased() }) {
                fields.reader.report(line: item.node.mark?.line, path: YAMLFields.join(item.path, "Id"),
                                     "\(collection.id) is already the Id of another CIDR collection")
            } else if tables.cidrCollections.contains(where: { $0.name == collection.name }) {
                fields.reader.report(line: item.node.mark?.line, path: YAMLFields.join(item.path, "Name"),
                                     "\(collection.name) is already the Name of another CIDR collection")
            } else {
                tables.cidrCollections.append(collection)
            }
        }
        return (settings, tables)
    }

    /// Latency Regions in order, each a latency `Region` code (RP-07) listed once.
    static func latencyOrder(_ fields: YAMLFields, _ key: String) -> [String] {
        var order: [String] = []
        for item in fields.sequence(key) ?? [] {
            guard let region = fields.reader.scalar(item.node, path: item.path) else { continue }
            if !RecordSetValidator.regions.contains(region) {
                fields.reader.report(line: item.node.mark?.line, path: item.path, "\(region) is not a Region code of latency routing (RP-07)")
            } else if order.contains(region) {
                fields.reader.report(line: item.node.mark?.line, path: item.path, "\(region) is listed more than once")
            } else {
                order.append(region)
            }
        }
        return order
    }

    /// One `Lab.Networks` entry: a client CIDR (any prefix, /0 included) and what it stands for.
    static func decodeNetwork(_ node: Node, path: String, reader: YAMLNodeReader) -> ClientNetwork? {
        guard let fields = reader.mapping(node, path: path, allowed: networkKeys) else { return nil }
        var block: CIDRBlock?
        if let text = fields.string("CIDR", required: true) {
            block = cidrBlock(text, report: { fields.report("CIDR", $0) })
        }
        let order = latencyOrder(fields, "LatencyOrder")
        let continent = fields.string("ContinentCode")
        if let continent, GeoLocation.continents[continent] == nil {
            fields.report("ContinentCode", "\(continent) is not one of AF, AN, AS, EU, OC, NA, SA (RP-08)")
        }
        let country = fields.string("CountryCode")
        if let country, !(country.count == 2 && country.allSatisfy { $0.isASCII && $0.isUppercase }) {
            fields.report("CountryCode", "\(country) is not an ISO 3166-1 alpha-2 country code (RP-08)")
        }
        let subdivision = fields.string("SubdivisionCode")
        if let subdivision {
            if country != "US" {
                fields.report("SubdivisionCode", "SubdivisionCode requires CountryCode US (RP-08)")
            } else if !((1...3).contains(subdivision.count) && subdivision.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }) {
                fields.report("SubdivisionCode", "\(subdivision) is not a US state code (RP-08)")
            }
        }
        let latitude = coordinate(fields, "Latitude", limit: 90)
        let longitude = coordinate(fields, "Longitude", limit: 180)
        if fields.has("Latitude") != fields.has("Longitude") {
            fields.report(fields.has("Latitude") ? "Latitude" : "Longitude", "Latitude and Longitude must be given together (RP-09)")
        }
        guard fields.isClean, let block else { return nil }
        return ClientNetwork(block: block, latencyOrder: order, continentCode: continent, countryCode: country,
                             subdivisionCode: subdivision, latitude: latitude, longitude: longitude)
    }

    /// Decimal degrees within ±limit.
    static func coordinate(_ fields: YAMLFields, _ key: String, limit: Double) -> Double? {
        guard let value = number(fields, key) else { return nil }
        guard abs(value) <= limit else {
            let bound = HealthCheckValidator.formatSeconds(limit)
            fields.report(key, "\(HealthCheckValidator.formatSeconds(value)) is out of range (-\(bound)…\(bound))")
            return nil
        }
        return value
    }

    /// One `Lab.CidrCollections` entry (RP-10): a UUID, a name, and named locations of CIDR blocks
    /// (IPv4 /1–/24, IPv6 /1–/48), each block in one location only. `*` is the default location,
    /// matched when no other is; it may be listed with no blocks.
    static func decodeCidrCollection(_ node: Node, path: String, reader: YAMLNodeReader) -> CidrCollection? {
        guard let fields = reader.mapping(node, path: path, allowed: cidrCollectionKeys) else { return nil }
        let id = fields.string("Id", required: true)
        if let id, !isUUID(id) {
            fields.report("Id", "\(id) is not a UUID such as 6f2a51b1-5a5c-4c8e-9d3f-0c1b2a3d4e5f (CidrRoutingConfig.CollectionId needs one, RP-10)")
        }
        let name = fields.string("Name", required: true)
        if let name, !((1...64).contains(name.count) && name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })) {
            fields.report("Name", "\(name) must be 1 to 64 characters of 0-9 A-Z a-z _ -")
        }
        var locations: [String: [CIDRBlock]] = [:]
        if fields.require("Locations"), let node = fields.node("Locations") {
            locations = decodeLocations(node, path: fields.path("Locations"), reader: reader)
        }
        guard fields.isClean, let id, let name else { return nil }
        return CidrCollection(id: id, name: name, locations: locations)
    }

    /// `Locations: {name: [CIDR, …], …}`.
    static func decodeLocations(_ node: Node, path: String, reader: YAMLNodeReader) -> [String: [CIDRBlock]] {
        guard case .mapping(let mapping) = node else {
            reader.report(line: node.mark?.line, path: path,
                          "expected a mapping of location names to lists of CIDR blocks, found \(YAMLNodeReader.kind(of: node))")
            return [:]
        }
        var locations: [String: [CIDRBlock]] = [:]
        var owners: [CIDRBlock: String] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            let locationPath = YAMLFields.join(path, name)
            guard isLocationName(name) else {
                reader.report(line: key.mark?.line, path: locationPath, "location name \(name) must be 1 to 16 characters of 0-9 A-Z a-z _ - * (RP-10)")
                continue
            }
            var blocks: [CIDRBlock] = []
            let items: [Node] = if YAMLNodeReader.isNull(value) { [] } else if case .sequence(let list) = value { Array(list) } else { [value] }
            for (index, item) in items.enumerated() {
                let itemPath = "\(locationPath)[\(index)]"
                guard let text = reader.scalar(item, path: itemPath, expected: "a CIDR block") else { continue }
                let report = { (message: String) in reader.report(line: item.mark?.line, path: itemPath, message) }
                guard let block = cidrBlock(text, collectionRanges: true, report: report) else { continue }
                if let owner = owners[block] {
                    report("\(block) is already in location \(owner) of this collection (RP-10)")
                    continue
                }
                owners[block] = name
                blocks.append(block)
            }
            if name == "*" && !items.isEmpty {
                reader.report(line: key.mark?.line, path: locationPath,
                              "the default location * holds no CIDR blocks: it matches every client no other location matches (RP-10)")
                continue
            }
            locations[name] = blocks
        }
        return locations
    }

    /// `ADDRESS/PREFIX` with no bits set past the prefix. Lab networks take any prefix; CIDR
    /// collections take IPv4 /1–/24 and IPv6 /1–/48 (RP-10).
    static func cidrBlock(_ text: String, collectionRanges: Bool = false, report: (String) -> Void) -> CIDRBlock? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bytes = HealthCheckValidator.addressBytes(String(parts[0])),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let prefix = Int(parts[1]) else {
            report("\(text) is not a CIDR block (ADDRESS/PREFIX, e.g. 192.0.2.0/24 or 2001:db8::/32)")
            return nil
        }
        let range = switch (collectionRanges, bytes.count == 16) {
        case (false, false): 0...32
        case (false, true): 0...128
        case (true, false): 1...24
        case (true, true): 1...48
        }
        guard range.contains(prefix) else {
            let family = bytes.count == 16 ? "IPv6" : "IPv4"
            let context = collectionRanges ? " in a CIDR collection (RP-10)" : ""
            report("\(text): the \(family) prefix length must be \(range.lowerBound) to \(range.upperBound)\(context)")
            return nil
        }
        var masked = bytes
        for index in masked.indices {
            let bitsHere = min(max(prefix - index * 8, 0), 8)
            masked[index] &= bitsHere == 8 ? 0xFF : ~(0xFF >> UInt8(bitsHere))
        }
        let block = CIDRBlock(address: masked, prefixLength: prefix)
        guard masked == bytes else {
            report("\(text) has address bits set past the /\(prefix) prefix; write \(block)")
            return nil
        }
        return block
    }

    /// RP-10: a record set's collection and location must be defined under `Lab.CidrCollections`
    /// (`*`, the default location, always exists). Malformed IDs and names are left to
    /// `RecordSetValidator`, which reports them.
    static func checkCidrReference(_ config: CidrRoutingConfig, path: String, location: RecordSetLocation, context: LoadContext) {
        guard isUUID(config.collectionId), isLocationName(config.locationName) else { return }
        let reader = context.reader
        guard let collection = context.references.cidrCollections.first(where: { $0.id.lowercased() == config.collectionId.lowercased() }) else {
            let field = "CidrRoutingConfig.CollectionId"
            reader.report(line: location.line(for: field), path: YAMLFields.join(path, field),
                          "\(config.collectionId) is not the Id of a CIDR collection under Lab.CidrCollections (RP-10)")
            return
        }
        if config.locationName != "*" && collection.locations[config.locationName] == nil {
            let field = "CidrRoutingConfig.LocationName"
            reader.report(line: location.line(for: field), path: YAMLFields.join(path, field),
                          "\(config.locationName) is not a location of CIDR collection \(collection.name) (RP-10)")
        }
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 36 && bytes.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : Character(UnicodeScalar(byte)).isHexDigit
        }
    }

    /// RP-10 location names: 1–16 of `[0-9A-Za-z_\-*]`.
    static func isLocationName(_ name: String) -> Bool {
        (1...16).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-*".contains($0)) }
    }
}
