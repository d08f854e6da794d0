@testable import AnswerEngine
import DNSWire
import Route53Model
import Testing

/// `ClientAddress`: the inline client/prefix form, its matching rule (RP-10: a subnet shorter than
/// the block does not match) and the ECS scope rule (RFC 7871 §7.2.1).
@Suite("Client addresses and prefixes")
struct ClientAddressTests {
    @Test("IPv4 and IPv6 round-trip through bytes and print with their prefix")
    func forms() throws {
        #expect(ClientAddress(ipv4: 0xC000_0201).description == "192.0.2.1/32")
        #expect(ClientAddress(ipv4: 0xC000_02FF, prefixLength: 24).description == "192.0.2.0/24")
        let v6 = try #require(ClientText.address("2001:db8::1"))
        #expect(v6.family == .ipv6 && v6.prefixLength == 128)
        #expect(v6.description == "2001:db8:0:0:0:0:0:1/128")
        #expect(ClientAddress(v6.bytes) == v6)
        #expect(ClientAddress([1, 2, 3]) == nil)
        #expect(ClientAddress(ipv6High: 0x2001_0db8_0000_0000, low: 1) == v6)
    }

    @Test("an IPv4-mapped IPv6 peer (dual-stack socket) is folded to IPv4 (RFC 4291 §2.5.5.2)")
    func mappedIPv4() throws {
        let mapped = try #require(ClientText.address("::ffff:192.0.2.1"))
        #expect(mapped == ClientAddress(ipv4: 0xC000_0201))
        let mappedSubnet = try #require(ClientAddress([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 0], prefixLength: 120))
        #expect(mappedSubnet.description == "192.0.2.0/24")
    }

    @Test("an ECS subnet becomes a client of its SOURCE PREFIX-LENGTH, short address arrays padded")
    func fromSubnet() {
        let subnet = ClientSubnet(family: 1, sourcePrefixLength: 20, address: [198, 51, 112])
        #expect(ClientAddress(subnet)?.description == "198.51.112.0/20")
        #expect(ClientAddress(ClientSubnet(family: 2, sourcePrefixLength: 32, address: [0x20, 0x01, 0x0d, 0xb8]))?.description
                == "2001:db8:0:0:0:0:0:0/32")
        #expect(ClientAddress(ClientSubnet(family: 3, sourcePrefixLength: 0, address: [])) == nil)
    }

    struct ContainsRow: CustomTestStringConvertible, Sendable {
        let block: String
        let client: String
        let contained: Bool
        var testDescription: String { "\(client) in \(block): \(contained)" }
    }

    @Test(arguments: [
        ContainsRow(block: "10.1.0.0/16", client: "10.1.2.3/32", contained: true),
        ContainsRow(block: "10.1.0.0/16", client: "10.1.0.0/16", contained: true),
        ContainsRow(block: "10.1.0.0/16", client: "10.0.0.0/8", contained: false),
        ContainsRow(block: "10.1.0.0/16", client: "10.2.0.0/16", contained: false),
        ContainsRow(block: "0.0.0.0/0", client: "203.0.113.9/32", contained: true),
        ContainsRow(block: "0.0.0.0/0", client: "0.0.0.0/0", contained: true),
        ContainsRow(block: "0.0.0.0/0", client: "2001:db8::1/128", contained: false),
        ContainsRow(block: "2001:db8:1::/48", client: "2001:db8:1:ffff::1/128", contained: true),
        ContainsRow(block: "2001:db8:1::/48", client: "2001:db8:2::1/128", contained: false),
        ContainsRow(block: "2001:db8:1:8000::/65", client: "2001:db8:1:8000:4000::/66", contained: true),
        ContainsRow(block: "2001:db8:1:8000:0:0:0:0/66", client: "2001:db8:1:8000:4000::/66", contained: false),
    ])
    func contains(_ row: ContainsRow) throws {
        let block = try #require(ClientAddress(block: ClientText.block(row.block)))
        let client = try #require(ClientAddress(block: ClientText.block(row.client)))
        #expect(block.contains(client) == row.contained)
    }

    @Test("CIDRBlock and ClientAddress agree on containment")
    func agreesWithModel() throws {
        let block = ClientText.block("198.51.100.128/25")
        for last in [0, 127, 128, 200, 255] as [UInt8] {
            let address: [UInt8] = [198, 51, 100, last]
            let compiled = try #require(ClientAddress(block: block))
            #expect(compiled.contains(try #require(ClientAddress(address))) == block.contains(address))
        }
    }
}
