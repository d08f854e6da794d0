#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Route53Model

/// Geoproximity geometry (RP-09), used at compile time only: where a record's resource is, the
/// great-circle distance to a client network, and the bias rule.
enum Geoproximity {
    /// Mean Earth radius in km (IUGG), for the haversine distance.
    static let earthRadiusKilometres = 6371.0

    /// Where a `GeoProximityLocation` points: its `Coordinates`, or the built-in position of its
    /// `AWSRegion`, or for a `LocalZoneGroup` (e.g. `us-west-2-lax-1`) the position of the parent
    /// Region it is named after (lab rule [L]: local zones are not tabled individually). Nil when
    /// the location names nothing the table knows; such records sort after every located one.
    static func coordinates(of location: GeoProximityLocation) -> Coordinates? {
        if let latitude = location.latitude.flatMap(Double.init), let longitude = location.longitude.flatMap(Double.init),
           (-90...90).contains(latitude), (-180...180).contains(longitude) {
            return Coordinates(latitude: latitude, longitude: longitude)
        }
        if let region = location.awsRegion { return regionCoordinates[region] }
        if let group = location.localZoneGroup { return parentRegion(ofLocalZoneGroup: group).flatMap { regionCoordinates[$0] } }
        return nil
    }

    /// The longest known Region code that prefixes `group` (`us-west-2-lax-1` → `us-west-2`).
    static func parentRegion(ofLocalZoneGroup group: String) -> String? {
        regionCoordinates.keys.filter { group.hasPrefix($0 + "-") || group == $0 }.max { $0.count < $1.count }
    }

    /// Great-circle distance in km (haversine formula).
    static func distance(_ from: Coordinates, _ to: Coordinates) -> Double {
        let radians = Double.pi / 180
        let deltaLatitude = (to.latitude - from.latitude) * radians
        let deltaLongitude = (to.longitude - from.longitude) * radians
        let sinLatitude = sin(deltaLatitude / 2)
        let sinLongitude = sin(deltaLongitude / 2)
        let a = sinLatitude * sinLatitude
            + cos(from.latitude * radians) * cos(to.latitude * radians) * sinLongitude * sinLongitude
        return 2 * earthRadiusKilometres * asin(min(1, sqrt(a)))
    }

    /// RP-09 biased distance: bias > 0 shrinks it (`actual × (1 − bias/100)`), bias < 0 grows it
    /// (`actual / (1 + bias/100)`); bias is clamped to −99…99 as the API requires.
    /// Example from the spec: 150 km with bias +50 → 75 km.
    static func biased(_ actual: Double, bias: Int?) -> Double {
        let bias = Double(min(max(bias ?? 0, -99), 99))
        if bias > 0 { return actual * (1 - bias / 100) }
        if bias < 0 { return actual / (1 + bias / 100) }
        return actual
    }

    /// Approximate position of each Region of RP-01's list (the metropolitan area AWS names for
    /// it; a lab stand-in for the coordinates Route 53 uses internally, good to tens of km).
    static let regionCoordinates: [String: Coordinates] = [
        "us-east-1": Coordinates(latitude: 39.04, longitude: -77.49),        // N. Virginia (Ashburn)
        "us-east-2": Coordinates(latitude: 39.96, longitude: -83.00),        // Ohio (Columbus)
        "us-west-1": Coordinates(latitude: 37.77, longitude: -122.42),       // N. California
        "us-west-2": Coordinates(latitude: 45.84, longitude: -119.70),       // Oregon (Boardman)
        "ca-central-1": Coordinates(latitude: 45.50, longitude: -73.57),     // Montréal
        "ca-west-1": Coordinates(latitude: 51.05, longitude: -114.07),       // Calgary
        "eu-west-1": Coordinates(latitude: 53.35, longitude: -6.26),         // Dublin
        "eu-west-2": Coordinates(latitude: 51.51, longitude: -0.13),         // London
        "eu-west-3": Coordinates(latitude: 48.86, longitude: 2.35),          // Paris
        "eu-central-1": Coordinates(latitude: 50.11, longitude: 8.68),       // Frankfurt
        "eu-central-2": Coordinates(latitude: 47.37, longitude: 8.54),       // Zürich
        "eu-north-1": Coordinates(latitude: 59.33, longitude: 18.07),        // Stockholm
        "eu-south-1": Coordinates(latitude: 45.46, longitude: 9.19),         // Milan
        "eu-south-2": Coordinates(latitude: 41.65, longitude: -0.89),        // Spain (Zaragoza)
        "ap-southeast-1": Coordinates(latitude: 1.35, longitude: 103.82),    // Singapore
        "ap-southeast-2": Coordinates(latitude: -33.87, longitude: 151.21),  // Sydney
        "ap-southeast-3": Coordinates(latitude: -6.21, longitude: 106.85),   // Jakarta
        "ap-southeast-4": Coordinates(latitude: -37.81, longitude: 144.96),  // Melbourne
        "ap-southeast-5": Coordinates(latitude: 3.14, longitude: 101.69),    // Malaysia (Kuala Lumpur)
        "ap-southeast-6": Coordinates(latitude: -36.85, longitude: 174.76),  // New Zealand (Auckland)
        "ap-southeast-7": Coordinates(latitude: 13.76, longitude: 100.50),   // Thailand (Bangkok)
        "ap-northeast-1": Coordinates(latitude: 35.68, longitude: 139.69),   // Tokyo
        "ap-northeast-2": Coordinates(latitude: 37.57, longitude: 126.98),   // Seoul
        "ap-northeast-3": Coordinates(latitude: 34.69, longitude: 135.50),   // Osaka
        "ap-east-1": Coordinates(latitude: 22.32, longitude: 114.17),        // Hong Kong
        "ap-east-2": Coordinates(latitude: 25.03, longitude: 121.57),        // Taipei
        "ap-south-1": Coordinates(latitude: 19.08, longitude: 72.88),        // Mumbai
        "ap-south-2": Coordinates(latitude: 17.39, longitude: 78.49),        // Hyderabad
        "sa-east-1": Coordinates(latitude: -23.55, longitude: -46.63),       // São Paulo
        "me-south-1": Coordinates(latitude: 26.23, longitude: 50.59),        // Bahrain
        "me-central-1": Coordinates(latitude: 25.20, longitude: 55.27),      // UAE (Dubai)
        "af-south-1": Coordinates(latitude: -33.92, longitude: 18.42),       // Cape Town
        "il-central-1": Coordinates(latitude: 32.09, longitude: 34.78),      // Tel Aviv
        "mx-central-1": Coordinates(latitude: 20.59, longitude: -100.39),    // Mexico (Querétaro)
        "cn-north-1": Coordinates(latitude: 39.90, longitude: 116.41),       // Beijing
        "cn-northwest-1": Coordinates(latitude: 38.49, longitude: 106.23),   // Ningxia
        "us-gov-east-1": Coordinates(latitude: 39.96, longitude: -83.00),    // GovCloud (US-East), Ohio
        "us-gov-west-1": Coordinates(latitude: 45.52, longitude: -122.68),   // GovCloud (US-West), Oregon
        "eusc-de-east-1": Coordinates(latitude: 52.41, longitude: 12.53),    // European Sovereign Cloud, Brandenburg
    ]
}
