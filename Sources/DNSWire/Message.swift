/// A fully decoded DNS message (RFC 1035 §4.1), as our client and the tests see responses.
///
/// RDATA names of the types a receiver must decompress (RFC 3597 §4: NS, CNAME, PTR, MX, SOA,
/// plus SRV and NAPTR) are stored uncompressed, so records compare equal to what was written.
/// The OPT pseudo-record is not listed in `additional`; it is decoded into `edns`,
/// `ednsOptions` and the upper bits of `extendedRCode` (RFC 6891 §6.1).
public struct Message: Sendable, Hashable {
    public var id: UInt16
    /// The 16 header flag bits (QR, opcode, AA, TC, RD, RA, Z, AD, CD, low RCODE bits).
    public var flags: UInt16
    public var questions: [Question]
    public var answers: [ResourceRecord]
    public var authority: [ResourceRecord]
    /// Additional records other than OPT.
    public var additional: [ResourceRecord]
    /// The OPT record's fields. `udpPayloadSize` is the value as sent (not raised to 512) and
    /// `clientSubnet` is set only when the ECS option is well-formed.
    public var edns: EDNS?
    /// Every option of the OPT record in order, raw, including ones `edns` does not model.
    public var ednsOptions: [EDNSOption]
    /// The full 12-bit RCODE: header bits, plus OPT's upper 8 bits when OPT is present (RFC 6891 §6.1.3).
    public var extendedRCode: RCode
    /// Bytes after the last record counted in the header; well-behaved servers send none.
    public var trailingByteCount: Int

    /// Decodes `bytes`. Throws on anything structurally malformed; trailing bytes are counted, not rejected.
    public init(bytes: [UInt8]) throws(MessageError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(MessageError) -> Message in
                var reader = MessageReader(buffer)
                return try reader.read()
            }
        }
        self = try result.get()
    }

    init(id: UInt16, flags: UInt16, questions: [Question], answers: [ResourceRecord], authority: [ResourceRecord],
         additional: [ResourceRecord], edns: EDNS?, ednsOptions: [EDNSOption], extendedRCode: RCode,
         trailingByteCount: Int) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
        self.ednsOptions = ednsOptions
        self.extendedRCode = extendedRCode
        self.trailingByteCount = trailingByteCount
    }

    public var isResponse: Bool { flags & HeaderFlag.qr != 0 }
    public var opcode: Opcode { Opcode(rawValue: UInt8((flags >> 11) & 0x0F)) }
    public var authoritativeAnswer: Bool { flags & HeaderFlag.aa != 0 }
    public var truncated: Bool { flags & HeaderFlag.tc != 0 }
    public var recursionDesired: Bool { flags & HeaderFlag.rd != 0 }
    public var recursionAvailable: Bool { flags & HeaderFlag.ra != 0 }
    public var authenticData: Bool { flags & HeaderFlag.ad != 0 }
    public var checkingDisabled: Bool { flags & HeaderFlag.cd != 0 }
    /// The four RCODE bits of the header alone.
    public var headerRCode: RCode { RCode(rawValue: flags & 0x000F) }
    /// The records of one section (`.question` has none).
    public func records(in section: MessageSection) -> [ResourceRecord] {
        switch section {
        case .question: []
        case .answer: answers
        case .authority: authority
        case .additional: additional
        }
    }
}
