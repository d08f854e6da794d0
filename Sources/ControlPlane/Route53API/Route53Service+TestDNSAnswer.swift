import AnswerEngine
import DNSWire
import Route53Model
import ZoneText

/// TestDNSAnswer (API-27), answered by the very code the DNS server runs: a query is encoded,
/// answered by `Responder` from the serving state (health included) for the given resolver and
/// client subnet, and the answer section is returned in presentation format.
extension Route53Service {
    public struct DNSAnswer: Sendable {
        public var nameserver: String
        public var recordName: String
        public var recordType: String
        public var recordData: [String]
        public var responseCode: String
        public var transport: String
    }

    public func testDNSAnswer(hostedZoneId: String?, recordName: String?, recordType: String?, resolverIP: String?,
                              subnetIP: String?, subnetMask: String?) throws(Route53Error) -> DNSAnswer {
        guard let hostedZoneId else { throw Self.missing("hostedZoneId", shape: "TestDNSAnswerRequest") }
        guard let recordName else { throw Self.missing("recordName", shape: "TestDNSAnswerRequest") }
        guard let recordType else { throw Self.missing("recordType", shape: "TestDNSAnswerRequest") }
        let zone = try hostedZone(id: hostedZoneId).zone
        let name: DomainName
        let type: RRType
        do {
            name = try RecordSetText.name(recordName)
            type = try RecordSetText.type(recordType)
        } catch {
            throw Route53Error(code: Route53Error.invalidInput, messages: error.messages)
        }
        // API-27: the default resolver is one in us-east-1; the lab uses loopback.
        let resolverText = resolverIP ?? "127.0.0.1"
        guard let resolverBytes = HealthCheckValidator.addressBytes(resolverText),
              let resolver = ClientAddress(resolverBytes) else {
            throw Route53Error(code: Route53Error.invalidInput, message: "Invalid value for resolverip: \(resolverText) is not an IP address.")
        }
        var edns = EDNS(udpPayloadSize: 4096)
        if let subnetIP {
            guard let bytes = HealthCheckValidator.addressBytes(subnetIP) else {
                throw Route53Error(code: Route53Error.invalidInput, message: "Invalid value for edns0clientsubnetip: \(subnetIP) is not an IP address.")
            }
            let isV4 = bytes.count == 4
            let maximum = isV4 ? 32 : 128
            let mask: Int
            if let subnetMask {
                guard let parsed = Int(subnetMask), (0...maximum).contains(parsed) else {
                    throw Route53Error(code: Route53Error.invalidInput,
                                       message: "Invalid value for edns0clientsubnetmask: \(subnetMask) must be between 0 and \(maximum).")
                }
                mask = parsed
            } else {
                mask = isV4 ? 24 : 64
            }
            edns.clientSubnet = ClientSubnet(family: isV4 ? 1 : 2, sourcePrefixLength: UInt8(mask),
                                             address: Self.truncate(bytes, toPrefix: mask))
        } else if subnetMask != nil {
            throw Route53Error(code: Route53Error.invalidInput, message: "edns0clientsubnetmask requires edns0clientsubnetip.")
        }
        let query = Message.queryBytes(id: 0x5353, name: name, type: type, edns: edns)
        let state = publisher.store.current
        var generator = SplitMix64.forQuery()
        guard let reply = Responder.respond(to: query, transport: .udp, client: resolver, state: state, using: &generator),
              let message = try? Message(bytes: reply) else {
            throw Route53Error(code: "InternalFailure", message: "The query could not be answered.", httpStatus: 500)
        }
        let data = message.answers.map { record in
            (try? RDataText.format(type: record.type, rdata: record.rdata)) ?? record.rdata.map { String($0) }.joined(separator: " ")
        }
        return DNSAnswer(nameserver: zone.delegationSet.nameServers.first?.route53Description.trimmingTrailingDot ?? "",
                         recordName: name.route53Description, recordType: type.description, recordData: data,
                         responseCode: message.extendedRCode.description, transport: "UDP")
    }

    static func truncate(_ bytes: [UInt8], toPrefix bits: Int) -> [UInt8] {
        let count = (bits + 7) / 8
        var out = Array(bytes.prefix(count))
        if bits % 8 != 0, !out.isEmpty {
            out[out.count - 1] &= UInt8(0xFF << (8 - bits % 8) & 0xFF)
        }
        return out
    }
}

extension String {
    /// API-side name servers carry no trailing dot (HZ-08).
    var trimmingTrailingDot: String { hasSuffix(".") && count > 1 ? String(dropLast()) : self }
}
