import DNSWire
import Route53Model

/// Who a query is answered for (DNS-09): the EDNS Client Subnet when the query carries one, else
/// the resolver's source address. Also the compiled form of a CIDR block of the lab routing
/// tables (RP-07…RP-10), since a block is the same thing: a family, address bits and a prefix length.
///
/// The address lives inline in two words (IPv4 in the top 32 bits of `high`), so building one per
/// query from a socket address never allocates, and prefix tests are two XORs.
public struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Family: UInt8, Sendable, Hashable {
        case ipv4 = 1
        case ipv6 = 2

        /// Address length in bits.
        public var bitCount: Int { self == .ipv4 ? 32 : 128 }
    }

    public let family: Family
    /// Significant leading bits: 32 or 128 for a resolver address, SOURCE PREFIX-LENGTH for an ECS
    /// subnet (RFC 7871 §6), the block length for a table entry. Bits beyond it are zero.
    public let prefixLength: UInt8
    /// Address bits, most significant first: IPv6 bits 0–63 (IPv4: bits 0–31 in the top half).
    let high: UInt64
    /// IPv6 bits 64–127; zero for IPv4.
    let low: UInt64

    /// An IPv4 address (host byte order: 192.0.2.1 is 0xC000_0201) with an optional prefix.
    public init(ipv4 address: UInt32, prefixLength: Int = 32) {
        self.init(family: .ipv4, high: UInt64(address) << 32, low: 0, prefixLength: prefixLength)
    }

    /// An IPv6 address from its two 64-bit halves (host byte order).
    public init(ipv6High high: UInt64, low: UInt64, prefixLength: Int = 128) {
        self.init(family: .ipv6, high: high, low: low, prefixLength: prefixLength)
    }

    /// 4 or 16 address bytes in network order; nil for other lengths. An IPv4-mapped IPv6 address
    /// (`::ffff:a.b.c.d`, what a dual-stack socket reports for IPv4 peers, RFC 4291 §2.5.5.2) is
    /// folded to IPv4 so IPv4 tables match it. Without `prefixLength` the whole address counts.
    public init?(bytes: UnsafeRawBufferPointer, prefixLength: Int? = nil) {
        switch bytes.count {
        case 4:
            self.init(family: .ipv4, high: Self.word(bytes, 0, 4), low: 0, prefixLength: prefixLength ?? 32)
        case 16:
            let high = Self.word(bytes, 0, 8)
            let low = Self.word(bytes, 8, 8)
            if high == 0 && low >> 32 == 0xFFFF {
                self.init(ipv4: UInt32(truncatingIfNeeded: low), prefixLength: prefixLength.map { max($0 - 96, 0) } ?? 32)
            } else {
                self.init(ipv6High: high, low: low, prefixLength: prefixLength ?? 128)
            }
        default:
            return nil
        }
    }

    /// Array form of `init(bytes:prefixLength:)`.
    public init?(_ bytes: [UInt8], prefixLength: Int? = nil) {
        guard let made = bytes.withUnsafeBytes({ ClientAddress(bytes: $0, prefixLength: prefixLength) }) else { return nil }
        self = made
    }

    /// The subnet of an EDNS Client Subnet option (RFC 7871 §6): FAMILY 1 or 2, SOURCE
    /// PREFIX-LENGTH significant bits. The parser pads the address; shorter arrays are padded here.
    public init?(_ subnet: ClientSubnet) {
        let family: Family
        switch subnet.family {
        case 1: family = .ipv4
        case 2: family = .ipv6
        default: return nil
        }
        let high = subnet.address.withUnsafeBytes { Self.word($0, 0, family == .ipv4 ? 4 : 8) }
        let low = family == .ipv6 ? subnet.address.withUnsafeBytes { Self.word($0, 8, 8) } : 0
        self.init(family: family, high: high, low: low, prefixLength: Int(subnet.sourcePrefixLength))
    }

    /// A CIDR block of the lab tables (4 or 16 bytes plus a prefix length). An IPv4-mapped IPv6
    /// block is kept as IPv6: tables say what they mean.
    init?(block: CIDRBlock) {
        let made: ClientAddress? = block.address.withUnsafeBytes { bytes in
            switch bytes.count {
            case 4: ClientAddress(family: .ipv4, high: Self.word(bytes, 0, 4), low: 0, prefixLength: block.prefixLength)
            case 16: ClientAddress(family: .ipv6, high: Self.word(bytes, 0, 8), low: Self.word(bytes, 8, 8),
                                   prefixLength: block.prefixLength)
            default: nil
            }
        }
        guard let made else { return nil }
        self = made
    }

    private init(family: Family, high: UInt64, low: UInt64, prefixLength: Int) {
        let length = min(max(prefixLength, 0), family.bitCount)
        self.family = family
        self.prefixLength = UInt8(length)
        // Clear the bits past the prefix so equal prefixes compare equal.
        self.high = high & Self.mask(bits: length)
        self.low = low & Self.mask(bits: length - 64)
    }

    /// Address bytes in network order: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        let count = family == .ipv4 ? 4 : 16
        return (0..<count).map { index in
            let word = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * (index % 8)))
        }
    }

    /// `192.0.2.1/32`, `2001:db8:0:0:0:0:0:1/128` (uncompressed IPv6 groups).
    public var description: String {
        let bytes = self.bytes
        let text: String
        if family == .ipv4 {
            text = bytes.map(String.init).joined(separator: ".")
        } else {
            text = stride(from: 0, to: 16, by: 2)
                .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
        return "\(text)/\(prefixLength)"
    }

    /// True when `client` lies inside this block: same family, the client's subnet at least as long
    /// as the block (a shorter ECS subnet does not match, RP-10), and the block's bits equal.
    @inline(__always)
    func contains(_ client: ClientAddress) -> Bool {
        family == client.family && client.prefixLength >= prefixLength
            && commonPrefixLength(with: client) >= Int(prefixLength)
    }

    /// Leading bits on which the two addresses agree (ignoring prefix lengths).
    @inline(__always)
    func commonPrefixLength(with other: ClientAddress) -> Int {
        let highDiff = high ^ other.high
        if highDiff != 0 { return highDiff.leadingZeroBitCount }
        return 64 + (low ^ other.low).leadingZeroBitCount
    }

    /// A mask keeping the top `bits` bits of a word (all for ≥ 64, none for ≤ 0).
    private static func mask(bits: Int) -> UInt64 {
        bits >= 64 ? .max : bits <= 0 ? 0 : ~(UInt64.max >> UInt64(bits))
    }

    /// `count` (≤ 8) bytes from `offset` as a big-endian word, left-aligned (the first byte is the
    /// top byte); missing bytes are zero.
    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 {
            value <<= 8
            let position = offset + index
            if index < count && position < bytes.count { value |= UInt64(bytes[position]) }
        }
        return value
    }
}
