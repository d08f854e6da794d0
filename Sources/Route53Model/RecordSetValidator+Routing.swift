import DNSWire

extension RecordSetValidator {
    /// The latency `Region` enumeration (RP-01), also the geoproximity `AWSRegion` values.
    public static let regions: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1", "ap-east-2",
        "ap-south-1", "ap-south-2", "sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1",
        "mx-central-1", "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1", "eusc-de-east-1",
    ]

    /// SetIdentifier presence (RP-01), per-policy field shapes (RP-06…RP-10), private-zone limits (HZ-14).
    static func routingIssues(_ set: ResourceRecordSet, isPrivate: Bool) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let kind = set.routing.kind
        if kind == .simple && set.setIdentifier != nil {
            issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest, field: "SetIdentifier",
                                          detail: "SetIdentifier is only allowed together with a routing policy field"))
        } else if kind != .simple && set.setIdentifier == nil {
            issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                                          detail: "a \(kind.rawValue) record set requires a SetIdentifier"))
        }
        if isPrivate && (kind == .geoproximity || kind == .cidr) {
            issues.append(ValidationIssue(message: Route53Message.publicZoneOnly(name: set.name, type: set.type, kind: kind)))
        }
        switch set.routing {
        case .multivalue:
            if set.type == .ns || set.type == .cname {
                issues.append(ValidationIssue(message: Route53Message.multivalueType(name: set.name, type: set.type)))
            }
            if set.isAlias {
                issues.append(ValidationIssue(message: Route53Message.multivalueAlias(name: set.name, type: set.type), field: "AliasTarget"))
            }
        case .latency(let region):
            if !regions.contains(region) {
                issues.append(ValidationIssue(code: Route53Error.invalidInput,
                                              message: Route53Message.notInEnumeration(region, regions), field: "Region"))
            }
        case .geolocation(let location):
            issues += geoLocationIssues(location)
        case .geoproximity(let location):
            issues += geoProximityIssues(location)
        case .cidr(let config):
            issues += cidrIssues(config)
        case .simple, .weighted, .failover:
            break
        }
        return issues
    }

    /// RP-08 location forms.
    static func geoLocationIssues(_ location: GeoLocation) -> [ValidationIssue] {
        func invalid(_ field: String, _ detail: String) -> ValidationIssue {
            ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                            field: "GeoLocation\(field.isEmpty ? "" : "." + field)", detail: detail)
        }
        var issues: [ValidationIssue] = []
        if location.continentCode == nil && location.countryCode == nil {
            issues.append(invalid("", "GeoLocation needs a ContinentCode or a CountryCode"))
        }
        if location.continentCode != nil && (location.countryCode != nil || location.subdivisionCode != nil) {
            issues.append(invalid("", "ContinentCode cannot be combined with CountryCode or SubdivisionCode"))
        }
        if let continent = location.continentCode, GeoLocation.continents[continent] == nil {
            issues.append(invalid("ContinentCode", "\(continent) is not one of AF, AN, AS, EU, OC, NA, SA"))
        }
        if let country = location.countryCode, country != "*", !GeoLocation.countryCodes.contains(country) {
            issues.append(invalid("CountryCode", "\(country) is not an ISO 3166-1 alpha-2 code or *"))
        }
        if let subdivision = location.subdivisionCode {
            if location.countryCode != "US" {
                issues.append(invalid("SubdivisionCode", "SubdivisionCode requires CountryCode US"))
            } else if !GeoLocation.usSubdivisionCodes.contains(subdivision) {
                issues.append(invalid("SubdivisionCode", "\(subdivision) is not a US state code"))
            }
        }
        return issues
    }

    /// RP-09: exactly one of AWSRegion / LocalZoneGroup / Coordinates, Bias −99…99.
    static func geoProximityIssues(_ location: GeoProximityLocation) -> [ValidationIssue] {
        func invalid(_ field: String, _ detail: String) -> ValidationIssue {
            ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                            field: "GeoProximityLocation\(field.isEmpty ? "" : "." + field)", detail: detail)
        }
        var issues: [ValidationIssue] = []
        let hasCoordinates = location.latitude != nil || location.longitude != nil
        let forms = [location.awsRegion != nil, location.localZoneGroup != nil, hasCoordinates].filter { $0 }.count
        if forms != 1 {
            issues.append(invalid("", "exactly one of AWSRegion, LocalZoneGroup or Coordinates is required"))
        }
        if let region = location.awsRegion, !regions.contains(region) {
            issues.append(invalid("AWSRegion", "\(region) is not an AWS Region code"))
        }
        if let group = location.localZoneGroup, group.isEmpty {
            issues.append(invalid("LocalZoneGroup", "LocalZoneGroup is empty"))
        }
        if hasCoordinates {
            if !isCoordinate(location.latitude, limit: 90) {
                issues.append(invalid("Coordinates.Latitude", "Latitude must be a number from -90 to 90 with at most 2 decimals"))
            }
            if !isCoordinate(location.longitude, limit: 180) {
                issues.append(invalid("Coordinates.Longitude", "Longitude must be a number from -180 to 180 with at most 2 decimals"))
            }
        }
        if let bias = location.bias, !(-99...99).contains(bias) {
            issues.append(invalid("Bias", "\(bias) is out of range (-99…99)"))
        }
        return issues
    }

    /// RP-10: a UUID collection and a location name of ≤ 16 `[0-9A-Za-z_\-*]`.
    static func cidrIssues(_ config: CidrRoutingConfig) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let uuid = Array(config.collectionId.utf8)
        let isUUID = uuid.count == 36 && uuid.enumerated().allSatisfy { index, byte in
            [8, 13, 18, 23].contains(index) ? byte == UInt8(ascii: "-") : isHexDigit(byte)
        }
        if !isUUID {
            issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                                          field: "CidrRoutingConfig.CollectionId", detail: "\(config.collectionId) is not a UUID"))
        }
        let name = Array(config.locationName.utf8)
        let validName = (1...16).contains(name.count) && name.allSatisfy {
            isUpperAlphanumeric($0) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "*")
        }
        if !validName {
            issues.append(ValidationIssue(code: Route53Error.invalidInput, message: Route53Message.invalidRequest,
                                          field: "CidrRoutingConfig.LocationName",
                                          detail: "LocationName must be 1 to 16 characters of 0-9 A-Z a-z _ - *"))
        }
        return issues
    }

    private static func isUpperAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// `-?D{1,3}(.D{1,2})?` with |value| ≤ limit (RP-09).
    private static func isCoordinate(_ text: String?, limit: Double) -> Bool {
        guard let text else { return false }
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (1...3).contains(parts[0].count),
              parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber) else { return false }
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber) else { return false }
        }
        guard let value = Double(text) else { return false }
        return abs(value) <= limit
    }
}
