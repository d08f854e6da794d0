import ControlPlane
import Testing

/// `Lab:` with `Networks` entries, entry i on line i + 3.
func networksConfig(_ entries: String...) -> String {
    "Lab:\n  Networks:\n" + entries.map { "    - " + $0 + "\n" }.joined()
}

/// `Lab:` with `CidrCollections` entries, entry i on line i + 3.
func collectionsConfig(_ entries: String...) -> String {
    "Lab:\n  CidrCollections:\n" + entries.map { "    - " + $0 + "\n" }.joined()
}

let uuidA = "6f2a51b1-5a5c-4c8e-9d3f-0c1b2a3d4e5f"

let labConfigErrorRows: [ConfigErrorRow] = [
    ConfigErrorRow(name: "unknown Lab key", text: "Lab: {TimeScale: 1, Speed: 2}\n",
                   expected: ["test.yaml:1: Lab.Speed: unknown key; allowed keys: TimeScale, Checkers, Networks, DefaultLatencyOrder, CidrCollections"]),
    ConfigErrorRow(name: "TimeScale 0", text: "Lab: {TimeScale: 0}\n",
                   expected: ["test.yaml:1: Lab.TimeScale: 0 is out of range (above 0, at most 100)"]),
    ConfigErrorRow(name: "TimeScale above 100", text: "Lab: {TimeScale: 100.5}\n",
                   expected: ["test.yaml:1: Lab.TimeScale: 100.5 is out of range (above 0, at most 100)"]),
    ConfigErrorRow(name: "TimeScale not a number", text: "Lab: {TimeScale: .inf}\n",
                   expected: ["test.yaml:1: Lab.TimeScale: .inf is not a number"]),
    ConfigErrorRow(name: "Checkers out of range", text: "Lab: {Checkers: 17}\n",
                   expected: ["test.yaml:1: Lab.Checkers: 17 is out of range (1…16)"]),
    ConfigErrorRow(name: "unknown Networks key", text: networksConfig("{CIDR: 10.0.0.0/8, Region: us-east-1}"),
                   expected: ["test.yaml:3: Lab.Networks[0].Region: unknown key; allowed keys: CIDR, LatencyOrder, ContinentCode, CountryCode, SubdivisionCode, Latitude, Longitude"]),
    ConfigErrorRow(name: "CIDR without a prefix", text: networksConfig("{CIDR: 10.0.0.1}"),
                   expected: ["test.yaml:3: Lab.Networks[0].CIDR: 10.0.0.1 is not a CIDR block (ADDRESS/PREFIX, e.g. 192.0.2.0/24 or 2001:db8::/32)"]),
    ConfigErrorRow(name: "CIDR with host bits", text: networksConfig("{CIDR: 127.0.0.1/8}"),
                   expected: ["test.yaml:3: Lab.Networks[0].CIDR: 127.0.0.1/8 has address bits set past the /8 prefix; write 127.0.0.0/8"]),
    ConfigErrorRow(name: "IPv4 prefix above 32", text: networksConfig("{CIDR: 192.0.2.0/33}"),
                   expected: ["test.yaml:3: Lab.Networks[0].CIDR: 192.0.2.0/33: the IPv4 prefix length must be 0 to 32"]),
    ConfigErrorRow(name: "CIDR missing", text: networksConfig("{CountryCode: US}"),
                   expected: ["test.yaml:3: Lab.Networks[0]: missing required key CIDR"]),
    ConfigErrorRow(name: "network listed twice", text: networksConfig("{CIDR: 10.0.0.0/8}", "{CIDR: 10.0.0.0/8, CountryCode: FR}"),
                   expected: ["test.yaml:4: Lab.Networks[1].CIDR: 10.0.0.0/8 is already listed at Lab.Networks[0]"]),
    ConfigErrorRow(name: "RP-07 latency order names a non-Region", text: networksConfig("{CIDR: 10.0.0.0/8, LatencyOrder: [us-east-1, us-east-9]}"),
                   expected: ["test.yaml:3: Lab.Networks[0].LatencyOrder[1]: us-east-9 is not a Region code of latency routing (RP-07)"]),
    ConfigErrorRow(name: "RP-07 default latency order repeats a Region", text: "Lab:\n  DefaultLatencyOrder: [eu-west-1, us-east-1, eu-west-1]\n",
                   expected: ["test.yaml:2: Lab.DefaultLatencyOrder[2]: eu-west-1 is listed more than once"]),
    ConfigErrorRow(name: "RP-08 continent code", text: networksConfig("{CIDR: 10.0.0.0/8, ContinentCode: XX}"),
                   expected: ["test.yaml:3: Lab.Networks[0].ContinentCode: XX is not one of AF, AN, AS, EU, OC, NA, SA (RP-08)"]),
    ConfigErrorRow(name: "RP-08 country code", text: networksConfig("{CIDR: 10.0.0.0/8, CountryCode: usa}"),
                   expected: ["test.yaml:3: Lab.Networks[0].CountryCode: usa is not an ISO 3166-1 alpha-2 country code (RP-08)"]),
    ConfigErrorRow(name: "RP-08 subdivision outside the US", text: networksConfig("{CIDR: 10.0.0.0/8, CountryCode: FR, SubdivisionCode: IDF}"),
                   expected: ["test.yaml:3: Lab.Networks[0].SubdivisionCode: SubdivisionCode requires CountryCode US (RP-08)"]),
    ConfigErrorRow(name: "RP-09 latitude out of range", text: networksConfig("{CIDR: 10.0.0.0/8, Latitude: 91, Longitude: 0}"),
                   expected: ["test.yaml:3: Lab.Networks[0].Latitude: 91 is out of range (-90…90)"]),
    ConfigErrorRow(name: "RP-09 latitude without longitude", text: networksConfig("{CIDR: 10.0.0.0/8, Latitude: 10}"),
                   expected: ["test.yaml:3: Lab.Networks[0].Latitude: Latitude and Longitude must be given together (RP-09)"]),
    ConfigErrorRow(name: "RP-10 collection Id not a UUID", text: collectionsConfig("{Id: lab, Name: lab, Locations: {office: [10.0.0.0/8]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Id: lab is not a UUID such as 6f2a51b1-5a5c-4c8e-9d3f-0c1b2a3d4e5f (CidrRoutingConfig.CollectionId needs one, RP-10)"]),
    ConfigErrorRow(name: "RP-10 collection without Locations", text: collectionsConfig("{Id: \(uuidA), Name: lab}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0]: missing required key Locations"]),
    ConfigErrorRow(name: "RP-10 IPv4 prefix longer than /24", text: collectionsConfig("{Id: \(uuidA), Name: lab, Locations: {office: [10.0.0.0/25]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Locations.office[0]: 10.0.0.0/25: the IPv4 prefix length must be 1 to 24 in a CIDR collection (RP-10)"]),
    ConfigErrorRow(name: "RP-10 IPv6 prefix longer than /48", text: collectionsConfig("{Id: \(uuidA), Name: lab, Locations: {office: [\"2001:db8::/64\"]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Locations.office[0]: 2001:db8::/64: the IPv6 prefix length must be 1 to 48 in a CIDR collection (RP-10)"]),
    ConfigErrorRow(name: "RP-10 block in two locations",
                   text: collectionsConfig("{Id: \(uuidA), Name: lab, Locations: {office: [10.0.0.0/8], home: [10.0.0.0/8]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Locations.home[0]: 10.0.0.0/8 is already in location office of this collection (RP-10)"]),
    ConfigErrorRow(name: "RP-10 default location with blocks", text: collectionsConfig("{Id: \(uuidA), Name: lab, Locations: {\"*\": [10.0.0.0/8]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Locations.*: the default location * holds no CIDR blocks: it matches every client no other location matches (RP-10)"]),
    ConfigErrorRow(name: "RP-10 location name", text: collectionsConfig("{Id: \(uuidA), Name: lab, Locations: {second floor: [10.0.0.0/8]}}"),
                   expected: ["test.yaml:3: Lab.CidrCollections[0].Locations.second floor: location name second floor must be 1 to 16 characters of 0-9 A-Z a-z _ - * (RP-10)"]),
    ConfigErrorRow(name: "RP-10 duplicate collection Id",
                   text: collectionsConfig("{Id: \(uuidA), Name: a, Locations: {}}", "{Id: \(uuidA.uppercased()), Name: b, Locations: {}}"),
                   expected: ["test.yaml:4: Lab.CidrCollections[1].Id: \(uuidA.uppercased()) is already the Id of another CIDR collection"]),
]

@Suite("Config errors: the Lab section")
struct LabConfigErrorTests {
    @Test("Exact problem text", arguments: labConfigErrorRows)
    func exactText(_ row: ConfigErrorRow) {
        #expect(problems(row.text) == row.expected)
    }
}
