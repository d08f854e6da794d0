/// The four sections of a DNS message (RFC 1035 §4.1).
public enum MessageSection: Int, Sendable, Comparable {
    case question = 0, answer, authority, additional

    public static func < (lhs: MessageSection, rhs: MessageSection) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Header flag bits (RFC 1035 §4.1.1; AD/CD from RFC 4035).
public enum HeaderFlag {
    public static let qr: UInt16 = 0x8000
    public static let aa: UInt16 = 0x0400
    public static let tc: UInt16 = 0x0200
    public static let rd: UInt16 = 0x0100
    public static let ra: UInt16 = 0x0080
    public static let ad: UInt16 = 0x0020
    public static let cd: UInt16 = 0x0010
    public static func opcode(_ opcode: Opcode) -> UInt16 { UInt16(opcode.rawValue & 0x0F) << 11 }
}
