/// Builds one DNS message in place: header, question, then records section by section, with
/// name compression (RFC 1035 §4.1.4) and a size limit for truncation (RFC 2181 §9).
///
/// Records are appended in section order. `append` refuses a record that would exceed `limit`
/// and leaves the message unchanged; callers use `checkpoint()`/`rollback(to:)` to drop a partly
/// written RRset and decide whether to set TC.
public struct MessageWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// Maximum message size in bytes (512 plain UDP, the EDNS size, 65535 TCP).
    public let limit: Int
    private var counts: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)
    private var section: MessageSection = .question
    /// Offsets of every label written so far that can be a compression target (< 0x4000).
    /// Append-only between checkpoints, so a rollback just truncates it: no hashing, no copies.
    private var labelOffsets: [UInt16] = []

    public init(limit: Int, capacity: Int = 512) {
        self.limit = min(max(limit, 12), 65535)
        bytes = []
        bytes.reserveCapacity(min(capacity, self.limit))
        bytes.append(contentsOf: repeatElement(0, count: 12))
    }

    /// A position to which the writer can later roll back.
    public struct Checkpoint: Sendable {
        fileprivate let size: Int
        fileprivate let counts: (UInt16, UInt16, UInt16, UInt16)
        fileprivate let section: MessageSection
        fileprivate let labelOffsetCount: Int
    }

    public var id: UInt16 {
        get { UInt16(bytes[0]) << 8 | UInt16(bytes[1]) }
        set { bytes[0] = UInt8(newValue >> 8); bytes[1] = UInt8(newValue & 0xFF) }
    }

    /// The 16 flag bits of the header (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE low 4 bits).
    public var flags: UInt16 {
        get { UInt16(bytes[2]) << 8 | UInt16(bytes[3]) }
        set { bytes[2] = UInt8(newValue >> 8); bytes[3] = UInt8(newValue & 0xFF) }
    }

    /// Sets the low four RCODE bits in the header; the upper eight go into OPT (RFC 6891 §6.1.3).
    public mutating func setRCode(_ rcode: RCode) {
        flags = (flags & 0xFFF0) | (rcode.rawValue & 0x0F)
    }

    public mutating func setFlag(_ bit: UInt16, _ on: Bool = true) {
        flags = on ? flags | bit : flags & ~bit
    }

    public func count(of section: MessageSection) -> Int {
        switch section {
        case .question: Int(counts.0)
        case .answer: Int(counts.1)
        case .authority: Int(counts.2)
        case .additional: Int(counts.3)
        }
    }

    public func checkpoint() -> Checkpoint {
        Checkpoint(size: bytes.count, counts: counts, section: section, labelOffsetCount: labelOffsets.count)
    }

    public mutating func rollback(to checkpoint: Checkpoint) {
        bytes.removeSubrange(checkpoint.size...)
        counts = checkpoint.counts
        section = checkpoint.section
        labelOffsets.removeSubrange(checkpoint.labelOffsetCount...)
        writeCounts()
    }

    /// Writes the question. Returns false (and writes nothing) when it does not fit.
    @discardableResult
    public mutating func appendQuestion(name: DomainName, type: RRType, rrClass: RRClass) -> Bool {
        precondition(section == .question, "question after records")
        let mark = checkpoint()
        writeName(name)
        writeUInt16(type.rawValue)
        writeUInt16(rrClass.rawValue)
        guard bytes.count <= limit else { rollback(to: mark); return false }
        counts.0 += 1
        writeCounts()
        return true
    }

    /// Appends one record to `section` (which must not precede the current one).
    /// Returns false, leaving the message unchanged, when the record does not fit in `limit`.
    @discardableResult
    public mutating func append(_ section: MessageSection, name: DomainName, type: RRType, rrClass: RRClass = .in,
                                ttl: UInt32, rdata: [UInt8]) -> Bool {
        precondition(section != .question && section >= self.section, "records out of section order")
        let mark = checkpoint()
        self.section = section
        writeName(name)
        writeUInt16(type.rawValue)
        writeUInt16(rrClass.rawValue)
        writeUInt32(ttl)
        let lengthAt = bytes.count
        writeUInt16(0)
        writeRData(type: type, rdata: rdata)
        let rdLength = bytes.count - lengthAt - 2
        guard bytes.count <= limit, rdLength <= 0xFFFF else { rollback(to: mark); return false }
        bytes[lengthAt] = UInt8(rdLength >> 8)
        bytes[lengthAt + 1] = UInt8(rdLength & 0xFF)
        switch section {
        case .question: break
        case .answer: counts.1 += 1
        case .authority: counts.2 += 1
        case .additional: counts.3 += 1
        }
        writeCounts()
        return true
    }

    public mutating func append(_ section: MessageSection, record: ResourceRecord) -> Bool {
        append(section, name: record.name, type: record.type, rrClass: record.rrClass, ttl: record.ttl, rdata: record.rdata)
    }

    /// Appends the OPT pseudo-record (RFC 6891 §6.1.2) to the additional section.
    /// `extendedRCode` is the full 12-bit RCODE; its upper 8 bits go into the TTL field.
    @discardableResult
    public mutating func appendOPT(udpPayloadSize: UInt16, extendedRCode: RCode = .noError, version: UInt8 = 0,
                                   dnssecOK: Bool = false, options: [UInt8] = []) -> Bool {
        let ttl = UInt32(extendedRCode.rawValue >> 4) << 24 | UInt32(version) << 16 | (dnssecOK ? 0x8000 : 0)
        return append(.additional, name: .root, type: .opt, rrClass: RRClass(rawValue: udpPayloadSize), ttl: ttl, rdata: options)
    }

    /// Bytes still available before `limit`.
    public var remaining: Int { limit - bytes.count }

    // MARK: - Encoding

    private mutating func writeCounts() {
        let values = [counts.0, counts.1, counts.2, counts.3]
        for (i, value) in values.enumerated() {
            bytes[4 + 2 * i] = UInt8(value >> 8)
            bytes[5 + 2 * i] = UInt8(value & 0xFF)
        }
    }

    private mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    private mutating func writeUInt32(_ value: UInt32) {
        writeUInt16(UInt16(value >> 16))
        writeUInt16(UInt16(value & 0xFFFF))
    }

    /// Writes `name`, replacing the longest suffix already in the message by a pointer.
    mutating func writeName(_ name: DomainName) {
        let wire = name.wire
        var start = 0
        while wire[start] != 0 {
            if let target = findSuffix(wire, from: start) {
                writeLabels(wire, upTo: start)
                writeUInt16(0xC000 | target)
                return
            }
            start += 1 + Int(wire[start])
        }
        writeLabels(wire, upTo: wire.count - 1)
        bytes.append(0)
    }

    /// Copies the labels of `wire` before `end`, registering each as a future compression target.
    private mutating func writeLabels(_ wire: [UInt8], upTo end: Int) {
        var index = 0
        while index < end {
            if bytes.count < 0x4000 { labelOffsets.append(UInt16(bytes.count)) }
            let length = Int(wire[index])
            bytes.append(contentsOf: wire[index...(index + length)])
            index += 1 + length
        }
    }

    /// The offset of a name already in the message equal (case-insensitively) to the suffix of
    /// `wire` starting at `start`, or nil.
    private func findSuffix(_ wire: [UInt8], from start: Int) -> UInt16? {
        for offset in labelOffsets where nameInMessage(at: Int(offset), equals: wire, from: start) {
            return offset
        }
        return nil
    }

    /// Compares the (possibly compressed) name at `offset` in the message with `wire[start...]`.
    /// Only names this writer produced are compared, so pointers are well-formed and backwards.
    private func nameInMessage(at offset: Int, equals wire: [UInt8], from start: Int) -> Bool {
        var a = start
        var b = offset
        while true {
            while bytes[b] & 0xC0 == 0xC0 {
                b = Int(bytes[b] & 0x3F) << 8 | Int(bytes[b + 1])
            }
            let length = wire[a]
            guard length == bytes[b] else { return false }
            if length == 0 { return true }
            for k in 1...Int(length) where DomainName.foldCase(wire[a + k]) != DomainName.foldCase(bytes[b + k]) {
                return false
            }
            a += 1 + Int(length)
            b += 1 + Int(length)
        }
    }

    /// RDATA with embedded names compressed for the types RFC 3597 §4 allows (NS, CNAME, PTR,
    /// MX, SOA); everything else is copied verbatim.
    private mutating func writeRData(type: RRType, rdata: [UInt8]) {
        switch type {
        case .ns, .cname, .ptr:
            if let name = try? DomainName(wire: rdata) { writeName(name); return }
        case .mx where rdata.count > 3:
            if let name = try? DomainName(wire: Array(rdata[2...])) {
                bytes.append(contentsOf: rdata[0..<2])
                writeName(name)
                return
            }
        case .soa:
            if let (mname, rname, rest) = Self.splitSOA(rdata) {
                writeName(mname)
                writeName(rname)
                bytes.append(contentsOf: rest)
                return
            }
        default:
            break
        }
        bytes.append(contentsOf: rdata)
    }

    static func splitSOA(_ rdata: [UInt8]) -> (DomainName, DomainName, ArraySlice<UInt8>)? {
        guard let mnameEnd = nameEnd(rdata, from: 0), let rnameEnd = nameEnd(rdata, from: mnameEnd),
              rdata.count - rnameEnd == 20 else { return nil }
        return (DomainName(trustedWire: Array(rdata[0..<mnameEnd])),
                DomainName(trustedWire: Array(rdata[mnameEnd..<rnameEnd])), rdata[rnameEnd...])
    }

    /// End offset of an uncompressed name starting at `start`, or nil when malformed.
    static func nameEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            let length = Int(bytes[index])
            if length == 0 { return index + 1 - start <= 255 ? index + 1 : nil }
            guard length <= 63 else { return nil }
            index += 1 + length
        }
        return nil
    }
}
