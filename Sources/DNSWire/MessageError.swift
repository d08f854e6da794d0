/// Why `Message(bytes:)` rejected a packet. Offsets are byte positions in the packet.
public enum MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer than the 12 header bytes.
    case shortHeader(length: Int)
    /// A name that is truncated, too long, has a label over 63 bytes, a reserved label type or a
    /// compression pointer that does not point backwards.
    case badName(section: MessageSection, offset: Int)
    /// The packet ends inside a question or record.
    case truncated(section: MessageSection, offset: Int)
    /// RDATA whose structure does not fit its RDLENGTH (names that run over, wrong fixed sizes).
    case badRData(type: RRType, offset: Int)
    /// OPT owned by a name other than the root, outside the additional section, or a second one
    /// (RFC 6891 §6.1.1).
    case badOPT(offset: Int, reason: String)

    public var description: String {
        switch self {
        case .shortHeader(let length): "message of \(length) bytes is shorter than the 12-byte header"
        case .badName(let section, let offset): "malformed name at offset \(offset) in the \(section) section"
        case .truncated(let section, let offset): "message ends inside the \(section) section at offset \(offset)"
        case .badRData(let type, let offset): "malformed \(type) RDATA at offset \(offset)"
        case .badOPT(let offset, let reason): "bad OPT record at offset \(offset): \(reason)"
        }
    }
}
