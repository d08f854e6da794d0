import AnswerEngine
import Route53Model

/// The lab client tables of the scenario rows (RP-07…RP-10 stand-ins):
///
/// | client            | network            | latency order                      | geo        | position      |
/// |-------------------|--------------------|------------------------------------|------------|---------------|
/// | 198.51.100.7      | 198.51.100.0/24    | us-east-1, eu-west-1               | NA/US/CA   | San Francisco |
/// | 198.51.100.200    | 198.51.100.128/25  | us-east-1                          | NA/US/NY   | New York      |
/// | 203.0.113.9       | 203.0.113.0/24     | eu-west-1, us-east-1               | EU/DE      | Frankfurt     |
/// | 2001:db8:1::5     | 2001:db8:1::/48    | eu-west-3, eu-west-1               | EU/FR      | Paris         |
/// | 100.64.1.1        | 100.64.0.0/16      | (none: default order)              | (none)     | (none)        |
/// | 10.9.9.9, `-`     | unmapped           | default: us-east-1, then name order| unmapped   | unknown       |
///
/// CIDR collection `c1`: `office` 10.1.0.0/16, `lab` 10.1.2.0/24, `v6` 2001:db8:ff::/48.
enum ScenarioTables {
    static let californiaClient = "198.51.100.7"
    static let newYorkClient = "198.51.100.200"
    static let germanyClient = "203.0.113.9"
    static let franceClient = "2001:db8:1::5"
    static let bareClient = "100.64.1.1"
    static let unmappedClient = "10.9.9.9"

    static let tables = ClientRoutingTables(
        networks: [
            ClientNetwork(block: ClientText.block("198.51.100.0/24"), latencyOrder: ["us-east-1", "eu-west-1"],
                          continentCode: "NA", countryCode: "US", subdivisionCode: "CA", latitude: 37.77, longitude: -122.42),
            // Listed after its enclosing /24 on purpose: the longest prefix wins, not table order.
            ClientNetwork(block: ClientText.block("198.51.100.128/25"), latencyOrder: ["us-east-1"],
                          continentCode: "NA", countryCode: "US", subdivisionCode: "NY", latitude: 40.71, longitude: -74.01),
            ClientNetwork(block: ClientText.block("203.0.113.0/24"), latencyOrder: ["eu-west-1", "us-east-1"],
                          continentCode: "EU", countryCode: "DE", latitude: 50.11, longitude: 8.68),
            ClientNetwork(block: ClientText.block("2001:db8:1::/48"), latencyOrder: ["eu-west-3", "eu-west-1"],
                          continentCode: "EU", countryCode: "FR", latitude: 48.86, longitude: 2.35),
            ClientNetwork(block: ClientText.block("100.64.0.0/16")),
        ],
        defaultLatencyOrder: ["us-east-1"],
        cidrCollections: [
            CidrCollection(id: "c1", name: "offices", locations: [
                "office": [ClientText.block("10.1.0.0/16")],
                "lab": [ClientText.block("10.1.2.0/24")],
                "v6": [ClientText.block("2001:db8:ff::/48")],
            ]),
        ])
}
