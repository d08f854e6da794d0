/// Why a request body could not be read as XML, with the position where the problem was found.
///
/// The API answers these with `InvalidInput` (API-05). Route 53 reports XML problems as
/// `Invalid XML ; <parser message>` (API-01, [O] for schema errors such as `cvc-elt.1`); `awsMessage`
/// gives that form. The plain messages reuse the wording of the Xerces parser that Route 53's own
/// messages come from where one fits ([I]), otherwise they describe the lab's limit.
public struct XMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No bytes, or nothing but white space / comments.
        case empty
        /// libxml2 (or the structural checks around it) found the document not well-formed.
        case notWellFormed
        /// A `<!DOCTYPE` declaration: refused outright so no entity can ever be expanded.
        case doctypeForbidden
        /// Not UTF-8 (or an ASCII-compatible declared encoding).
        case unsupportedEncoding
        /// Element nesting deeper than `XMLDocumentReader.Limits.maxDepth`.
        case tooDeep
        /// More elements than `XMLDocumentReader.Limits.maxElements`.
        case tooManyElements
        /// A body larger than `XMLDocumentReader.Limits.maxBytes`.
        case tooLarge
    }

    public let kind: Kind
    /// 1-based line of the problem (0 when it is about the whole body, such as its size).
    public let line: Int
    /// 1-based column of the problem (0 when unknown).
    public let column: Int
    /// Plain message without the position, e.g. `Premature end of file.`
    public let message: String

    public init(kind: Kind, line: Int, column: Int, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
    }

    /// The message as Route 53 words an `InvalidInput` for unreadable XML (API-01, API-05).
    public var awsMessage: String { "Invalid XML ; \(message)" }

    public var description: String { "line \(line), column \(column): \(message)" }
}
