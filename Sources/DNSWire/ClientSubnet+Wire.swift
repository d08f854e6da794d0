extension ClientSubnet {
    /// Address length in bytes for a family (1 = IPv4, 2 = IPv6; RFC 7871 §6), nil for others.
    static func addressLength(family: UInt16) -> Int? {
        switch family {
        case 1: 4
        case 2: 16
        default: nil
        }
    }

    /// Decodes the option data of an ECS option, or returns nil when RFC 7871 §6 calls it malformed:
    /// unknown FAMILY, SOURCE PREFIX-LENGTH beyond the address size, ADDRESS not exactly
    /// ceil(SOURCE PREFIX-LENGTH / 8) bytes, or bits set beyond the prefix. A server SHOULD answer
    /// such a query with FORMERR (RFC 7871 §7.1.1 / §6). `address` comes back padded to 4 or 16 bytes.
    static func parse(_ data: UnsafeRawBufferPointer) -> ClientSubnet? {
        guard data.count >= 4 else { return nil }
        let family = UInt16(data[0]) << 8 | UInt16(data[1])
        let source = data[2]
        let scope = data[3]
        guard let fullLength = addressLength(family: family), Int(source) <= fullLength * 8 else { return nil }
        let significant = (Int(source) + 7) / 8
        guard data.count - 4 == significant else { return nil }
        if source % 8 != 0 {
            let spare = UInt8(0xFF) >> (source % 8)
            guard data[3 + significant] & spare == 0 else { return nil }
        }
        var address = [UInt8](repeating: 0, count: fullLength)
        for i in 0..<significant { address[i] = data[4 + i] }
        return ClientSubnet(family: family, sourcePrefixLength: source, scopePrefixLength: scope, address: address)
    }

    /// Convenience form of `parse(_:)` for an option already copied out of a message.
    public init?(optionData: [UInt8]) {
        guard let parsed = optionData.withUnsafeBytes({ ClientSubnet.parse($0) }) else { return nil }
        self = parsed
    }

    /// The option data as sent (RFC 7871 §6): FAMILY, SOURCE and SCOPE PREFIX-LENGTH, then only the
    /// ceil(SOURCE / 8) significant address bytes, with the bits beyond the prefix cleared.
    public var optionData: [UInt8] {
        let fullLength = ClientSubnet.addressLength(family: family) ?? address.count
        let source = min(Int(sourcePrefixLength), fullLength * 8)
        let significant = min((source + 7) / 8, address.count)
        var bytes = [UInt8(family >> 8), UInt8(family & 0xFF), UInt8(source), scopePrefixLength]
        bytes.append(contentsOf: address.prefix(significant))
        if source % 8 != 0, significant > 0, significant == (source + 7) / 8 {
            bytes[bytes.count - 1] &= ~(UInt8(0xFF) >> (source % 8))
        }
        return bytes
    }
}
