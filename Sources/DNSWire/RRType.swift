/// A resource-record TYPE (RFC 1035 §3.2.2 and later registrations).
public struct RRType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = RRType(rawValue: 1)
    public static let ns = RRType(rawValue: 2)
    public static let cname = RRType(rawValue: 5)
    public static let soa = RRType(rawValue: 6)
    public static let ptr = RRType(rawValue: 12)
    public static let hinfo = RRType(rawValue: 13)
    public static let mx = RRType(rawValue: 15)
    public static let txt = RRType(rawValue: 16)
    public static let aaaa = RRType(rawValue: 28)
    public static let srv = RRType(rawValue: 33)
    public static let naptr = RRType(rawValue: 35)
    public static let ds = RRType(rawValue: 43)
    public static let sshfp = RRType(rawValue: 44)
    public static let rrsig = RRType(rawValue: 46)
    public static let nsec = RRType(rawValue: 47)
    public static let dnskey = RRType(rawValue: 48)
    public static let tlsa = RRType(rawValue: 52)
    public static let svcb = RRType(rawValue: 64)
    public static let https = RRType(rawValue: 65)
    public static let spf = RRType(rawValue: 99)
    public static let opt = RRType(rawValue: 41)
    public static let ixfr = RRType(rawValue: 251)
    public static let axfr = RRType(rawValue: 252)
    public static let any = RRType(rawValue: 255)
    public static let caa = RRType(rawValue: 257)

    /// The types Route 53 accepts in record sets (RR-06).
    public static let route53Types: [RRType] = [
        .soa, .a, .txt, .ns, .cname, .mx, .naptr, .ptr, .srv, .spf, .aaaa, .caa, .ds, .tlsa, .sshfp, .svcb, .https,
    ]

    /// `route53Types.contains(self)` without a walk over the list (once per record of an import).
    public var isRoute53Type: Bool {
        switch rawValue {
        case 6, 1, 16, 2, 5, 15, 35, 12, 33, 99, 28, 257, 43, 52, 44, 64, 65: true
        default: false
        }
    }

    static let mnemonics: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 13: "HINFO", 15: "MX", 16: "TXT", 28: "AAAA",
        33: "SRV", 35: "NAPTR", 41: "OPT", 43: "DS", 44: "SSHFP", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY",
        52: "TLSA", 64: "SVCB", 65: "HTTPS", 99: "SPF", 251: "IXFR", 252: "AXFR", 255: "ANY", 257: "CAA",
    ]
    static let byMnemonic: [String: UInt16] = Dictionary(uniqueKeysWithValues: mnemonics.map { ($1, $0) })

    /// `A`, `AAAA`, …; unknown types as `TYPE<n>` (RFC 3597 §5).
    public var description: String { RRType.mnemonics[rawValue] ?? "TYPE\(rawValue)" }

    /// Accepts mnemonics (any case) and the RFC 3597 `TYPE<n>` form.
    public init?(mnemonic: String) {
        let upper = mnemonic.uppercased()
        if let value = RRType.byMnemonic[upper] {
            self.init(rawValue: value)
        } else if upper.hasPrefix("TYPE"), let value = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: value)
        } else {
            return nil
        }
    }

    /// Meta and pseudo types that never appear as stored data (RFC 6895 §3.1).
    public var isMetaType: Bool { rawValue == 41 || (rawValue >= 128 && rawValue <= 255) }
}

/// A resource-record CLASS. Lab53 serves IN only (DNS-01).
public struct RRClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let `in` = RRClass(rawValue: 1)
    public static let chaos = RRClass(rawValue: 3)
    public static let none = RRClass(rawValue: 254)
    public static let any = RRClass(rawValue: 255)
    public var description: String {
        switch rawValue {
        case 1: "IN"
        case 3: "CH"
        case 254: "NONE"
        case 255: "ANY"
        default: "CLASS\(rawValue)"
        }
    }
}

/// Response codes (RFC 1035 §4.1.1, RFC 6891 §9 for the extended BADVERS).
public struct RCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let noError = RCode(rawValue: 0)
    public static let formErr = RCode(rawValue: 1)
    public static let servFail = RCode(rawValue: 2)
    public static let nxDomain = RCode(rawValue: 3)
    public static let notImp = RCode(rawValue: 4)
    public static let refused = RCode(rawValue: 5)
    public static let badVers = RCode(rawValue: 16)
    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 16: "BADVERS"
        default: "RCODE\(rawValue)"
        }
    }
}

/// Header OPCODE values (RFC 1035 §4.1.1, RFC 1996, RFC 2136).
public struct Opcode: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let query = Opcode(rawValue: 0)
    public static let notify = Opcode(rawValue: 4)
    public static let update = Opcode(rawValue: 5)
}
