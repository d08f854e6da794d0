/// A failure to read or write DNS presentation text, located as precisely as the input allows.
///
/// `description` reads like a compiler diagnostic so it can be shown to a user as is:
/// `db.example:12: syntax error in "www IN A 300.1.1.1": Syntax error, could not parse the RR's rdata`.
public struct ZoneTextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which decides the phrase in `description`.
    public enum Kind: Sendable, Equatable {
        /// The text is not valid presentation format (ldns rejected it, or a value is out of range).
        case syntax
        /// Valid text that Lab53 does not accept: a class other than IN (DNS-01), `$INCLUDE`.
        case unsupported
        /// The zone file could not be opened or read.
        case io
    }

    public var kind: Kind
    /// The file name given to the reader (`<text>` for in-memory zones); nil for single values.
    public var file: String?
    /// 1-based line of the offending record (its first line when it spans several); nil when unknown.
    public var line: Int?
    /// The offending text: the record, the RDATA value, or the path.
    public var text: String
    /// Why: the libldns status text or our own explanation.
    public var message: String

    public init(kind: Kind = .syntax, file: String? = nil, line: Int? = nil, text: String, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.text = text
        self.message = message
    }

    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        } else if let line {
            location = "line \(line): "
        }
        let phrase = switch kind {
        case .syntax: "syntax error in"
        case .unsupported: "unsupported"
        case .io: "cannot read"
        }
        return "\(location)\(phrase) \"\(text)\": \(message)"
    }
}
