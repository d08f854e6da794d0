import Foundation
import Route53Model

/// `RoutingPolicy` as JSON: `kind` names the case (RP-01) and exactly the fields of that case are present.
struct RoutingPolicyDTO: Codable {
    var kind: String
    var weight: UInt8?
    var failover: String?
    var region: String?
    var geoLocation: GeoLocationDTO?
    var geoProximity: GeoProximityDTO?
    var cidr: CidrDTO?

    init(_ policy: RoutingPolicy) {
        kind = policy.kind.rawValue
        switch policy {
        case .simple, .multivalue: break
        case .weighted(let weight): self.weight = weight
        case .failover(let role): failover = role.rawValue
        case .latency(let region): self.region = region
        case .geolocation(let location): geoLocation = GeoLocationDTO(location)
        case .geoproximity(let location): geoProximity = GeoProximityDTO(location)
        case .cidr(let config): cidr = CidrDTO(collectionId: config.collectionId, locationName: config.locationName)
        }
    }

    func model() throws -> RoutingPolicy {
        guard let policyKind = RoutingPolicy.Kind(rawValue: kind) else {
            throw StoredValueError("unknown routing policy '\(kind)'")
        }
        func required<Value>(_ value: Value?, _ field: String) throws -> Value {
            guard let value else { throw StoredValueError("\(kind) routing policy without \(field)") }
            return value
        }
        switch policyKind {
        case .simple: return .simple
        case .multivalue: return .multivalue
        case .weighted: return .weighted(weight: try required(weight, "weight"))
        case .failover:
            let text = try required(failover, "failover role")
            guard let role = FailoverRole(rawValue: text) else { throw StoredValueError("unknown failover role '\(text)'") }
            return .failover(role)
        case .latency: return .latency(region: try required(region, "region"))
        case .geolocation: return .geolocation(try required(geoLocation, "location").model)
        case .geoproximity: return .geoproximity(try required(geoProximity, "location").model)
        case .cidr:
            let config = try required(cidr, "CIDR routing config")
            return .cidr(CidrRoutingConfig(collectionId: config.collectionId, locationName: config.locationName))
        }
    }
}

struct GeoLocationDTO: Codable {
    var continentCode: String?
    var countryCode: String?
    var subdivisionCode: String?

    init(_ location: GeoLocation) {
        continentCode = location.continentCode
        countryCode = location.countryCode
        subdivisionCode = location.subdivisionCode
    }

    var model: GeoLocation {
        GeoLocation(continentCode: continentCode, countryCode: countryCode, subdivisionCode: subdivisionCode)
    }
}

/// Latitude and longitude stay strings: the API echoes them as submitted (RP-09).
struct GeoProximityDTO: Codable {
    var awsRegion: String?
    var localZoneGroup: String?
    var latitude: String?
    var longitude: String?
    var bias: Int?

    init(_ location: GeoProximityLocation) {
        awsRegion = location.awsRegion
        localZoneGroup = location.localZoneGroup
        latitude = location.latitude
        longitude = location.longitude
        bias = location.bias
    }

    var model: GeoProximityLocation {
        GeoProximityLocation(awsRegion: awsRegion, localZoneGroup: localZoneGroup, latitude: latitude,
                             longitude: longitude, bias: bias)
    }
}

struct CidrDTO: Codable {
    var collectionId: String
    var locationName: String
}
