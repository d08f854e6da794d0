import AnswerEngine
import DNSWire

/// One query-log entry (DNS-13) as fixed-size bytes in a `QueryLogRing` slot: what the data plane
/// copies per query instead of formatting a line (issue 5 item 4). The writer thread turns it
/// into text. Layout (host byte order):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | response time, nanoseconds since 1970 (CLOCK_REALTIME) |
/// | 8 | 2 | QTYPE |
/// | 10 | 2 | RCODE (extended) |
/// | 12 | 1 | transport: 0 UDP, 1 TCP |
/// | 13 | 1 | resolver family: 0 unknown, 1 IPv4, 2 IPv6 |
/// | 14 | 1 | ECS family: 0 none, 1 IPv4, 2 IPv6 |
/// | 15 | 1 | ECS source prefix length |
/// | 16 | 16 | resolver address words (high, low) |
/// | 32 | 16 | ECS address words (high, low) |
/// | 48 | 1 | zone ID length (0: no zone) |
/// | 49 | 1 | query name wire length |
/// | 50 | 46 | zone ID bytes |
/// | 96 | 255 | query name, uncompressed wire form as received |
public struct QueryLogRecord {
    static let size = 352
    static let zoneIDCapacity = 46
    private static let nameOffset = 96
    private static let zoneOffset = 50

    let base: UnsafeRawPointer

    /// Fills a slot. Called on the query path: copies only, no allocation.
    @inline(__always)
    static func write(into slot: UnsafeMutableRawPointer, timeNanoseconds: Int64, outcome: QueryOutcome,
                      transport: Transport, client: ClientAddress?, zoneID: String?) {
        slot.storeBytes(of: timeNanoseconds, toByteOffset: 0, as: Int64.self)
        slot.storeBytes(of: outcome.type.rawValue, toByteOffset: 8, as: UInt16.self)
        slot.storeBytes(of: outcome.rcode.rawValue, toByteOffset: 10, as: UInt16.self)
        slot.storeBytes(of: transport == .udp ? 0 : 1, toByteOffset: 12, as: UInt8.self)
        storeAddress(client, family: 13, words: 16, prefix: nil, in: slot)
        storeAddress(outcome.clientSubnet.flatMap { ClientAddress($0) }, family: 14, words: 32, prefix: 15, in: slot)
        var zoneLength = 0
        if let zoneID {
            var copy = zoneID
            copy.withUTF8 { bytes in
                zoneLength = min(bytes.count, zoneIDCapacity)
                if let source = bytes.baseAddress { (slot + zoneOffset).copyMemory(from: source, byteCount: zoneLength) }
            }
        }
        slot.storeBytes(of: UInt8(zoneLength), toByteOffset: 48, as: UInt8.self)
        var nameLength = 0
        if let name = outcome.name {
            name.wire.withUnsafeBytes { bytes in
                nameLength = min(bytes.count, 255)
                if let source = bytes.baseAddress { (slot + nameOffset).copyMemory(from: source, byteCount: nameLength) }
            }
        }
        slot.storeBytes(of: UInt8(nameLength), toByteOffset: 49, as: UInt8.self)
    }

    @inline(__always)
    private static func storeAddress(_ address: ClientAddress?, family: Int, words: Int, prefix: Int?,
                                     in slot: UnsafeMutableRawPointer) {
        guard let address else {
            slot.storeBytes(of: 0, toByteOffset: family, as: UInt8.self)
            return
        }
        slot.storeBytes(of: address.family.rawValue, toByteOffset: family, as: UInt8.self)
        slot.storeBytes(of: address.words.high, toByteOffset: words, as: UInt64.self)
        slot.storeBytes(of: address.words.low, toByteOffset: words + 8, as: UInt64.self)
        if let prefix { slot.storeBytes(of: address.prefixLength, toByteOffset: prefix, as: UInt8.self) }
    }

    public var timeNanoseconds: Int64 { base.loadUnaligned(fromByteOffset: 0, as: Int64.self) }
    public var type: RRType { RRType(rawValue: base.loadUnaligned(fromByteOffset: 8, as: UInt16.self)) }
    public var rcode: RCode { RCode(rawValue: base.loadUnaligned(fromByteOffset: 10, as: UInt16.self)) }
    public var transport: Transport { base.load(fromByteOffset: 12, as: UInt8.self) == 0 ? .udp : .tcp }

    /// The resolver's address: family (1 IPv4, 2 IPv6) and 16 bytes in network order (IPv4 in
    /// the first 4); nil when unknown.
    public var resolver: (family: UInt8, bytes: [UInt8])? { address(family: 13, words: 16) }

    /// The ECS subnet: family, address bytes and source prefix length; nil when the query had none.
    public var clientSubnet: (family: UInt8, bytes: [UInt8], prefixLength: UInt8)? {
        guard let address = address(family: 14, words: 32) else { return nil }
        return (address.family, address.bytes, base.load(fromByteOffset: 15, as: UInt8.self))
    }

    /// Hosted-zone ID; nil when the query was outside every hosted zone.
    public var zoneID: String? {
        let length = Int(base.load(fromByteOffset: 48, as: UInt8.self))
        guard length > 0 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: base + Self.zoneOffset, count: length), as: UTF8.self)
    }

    /// The query name as received; nil if the slot held none.
    public var name: DomainName? {
        let length = Int(base.load(fromByteOffset: 49, as: UInt8.self))
        guard length > 0 else { return nil }
        let bytes = Array(UnsafeRawBufferPointer(start: base + Self.nameOffset, count: length))
        return try? DomainName(wire: bytes)
    }

    private func address(family offset: Int, words: Int) -> (family: UInt8, bytes: [UInt8])? {
        let family = base.load(fromByteOffset: offset, as: UInt8.self)
        guard family == 1 || family == 2 else { return nil }
        let high = base.loadUnaligned(fromByteOffset: words, as: UInt64.self)
        let low = base.loadUnaligned(fromByteOffset: words + 8, as: UInt64.self)
        let bytes = (0..<16).map { index in
            UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> UInt64(56 - 8 * (index % 8)))
        }
        return (family, bytes)
    }
}
