import DNSWire

/// Builds raw packets byte by byte, so tests can express malformed input that `MessageWriter`
/// refuses to produce.
struct PacketBuilder {
    var bytes: [UInt8] = []

    /// A header: ID, flags, then QD/AN/NS/AR counts.
    static func header(id: UInt16 = 0x1234, flags: UInt16 = 0, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0,
                       ar: UInt16 = 0) -> PacketBuilder {
        PacketBuilder().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar)
    }

    func u8(_ values: UInt8...) -> PacketBuilder {
        var copy = self
        copy.bytes += values
        return copy
    }

    func u16(_ value: UInt16) -> PacketBuilder { u8(UInt8(value >> 8), UInt8(value & 0xFF)) }

    func u32(_ value: UInt32) -> PacketBuilder { u16(UInt16(value >> 16)).u16(UInt16(value & 0xFFFF)) }

    func raw(_ values: [UInt8]) -> PacketBuilder {
        var copy = self
        copy.bytes += values
        return copy
    }

    /// An uncompressed name from presentation text.
    func name(_ text: String) -> PacketBuilder { raw(dn(text).wire) }

    /// A question: name, type, class.
    func question(_ text: String = "www.example.com", type: RRType = .a, rrClass: RRClass = .in) -> PacketBuilder {
        name(text).u16(type.rawValue).u16(rrClass.rawValue)
    }

    /// An OPT record owned by `owner` (root by default) with the given RDATA.
    func opt(size: UInt16 = 1232, ttl: UInt32 = 0, rdata: [UInt8] = [], owner: [UInt8] = [0]) -> PacketBuilder {
        raw(owner).u16(RRType.opt.rawValue).u16(size).u32(ttl).u16(UInt16(rdata.count)).raw(rdata)
    }

    /// One EDNS option: code, length, data.
    static func option(_ code: UInt16, _ data: [UInt8]) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF), UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
    }

    /// An ECS option (RFC 7871 §6) with exactly the address bytes given.
    static func ecs(family: UInt16, source: UInt8, scope: UInt8 = 0, address: [UInt8]) -> [UInt8] {
        option(8, [UInt8(family >> 8), UInt8(family & 0xFF), source, scope] + address)
    }
}

/// A name from presentation text; test input is always valid.
func dn(_ text: String) -> DomainName {
    do {
        return try DomainName(text)
    } catch {
        preconditionFailure("bad test name \(text): \(error)")
    }
}
