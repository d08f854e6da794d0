/// Builds a response document in exactly the order the calls are made, so handlers emit Route 53's
/// model order (API-01, API-04): the XML declaration, then a root element carrying the 2013-04-01
/// namespace, then whatever the body closure writes. Output is compact (no indentation).
///
/// ```swift
/// let xml = XMLWriter.document("GetChangeResponse") { w in
///     w.element("ChangeInfo") { w in
///         w.leaf("Id", "/change/C0EXAMPLE")
///         w.leaf("Status", "INSYNC")
///         w.optionalLeaf("Comment", comment)
///     }
/// }
/// ```
public struct XMLWriter: Sendable {
    /// The namespace on every Route 53 request and response root (API-01).
    public static let route53Namespace = "https://route53.amazonaws.com/doc/2013-04-01/"
    public static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#

    private var output: String

    /// An empty fragment writer (no declaration); `document` is the usual entry point.
    public init() {
        output = ""
    }

    /// A complete document: declaration, newline, `<root xmlns="namespace">body</root>`.
    /// Pass `namespace: nil` for a root without `xmlns`.
    public static func document(_ root: String, namespace: String? = route53Namespace,
                                _ body: (inout XMLWriter) throws -> Void) rethrows -> XMLWriter {
        var writer = XMLWriter()
        writer.output = declaration + "\n"
        let attributes = namespace.map { [("xmlns", $0)] } ?? []
        try writer.element(root, attributes: attributes, body)
        return writer
    }

    /// `<name attr="…">…</name>`; an element whose body writes nothing comes out as `<name></name>`,
    /// the form Route 53 uses for empty lists such as `<HealthChecks></HealthChecks>`.
    public mutating func element(_ name: String, attributes: [(String, String)] = [],
                                 _ body: (inout XMLWriter) throws -> Void) rethrows {
        openTag(name, attributes)
        try body(&self)
        closeTag(name)
    }

    /// `<name>escaped text</name>`.
    public mutating func leaf(_ name: String, _ text: String) {
        openTag(name, [])
        output += XMLEscaping.escapeText(text)
        closeTag(name)
    }

    /// Booleans as Route 53 writes them: `true` / `false` (API-01).
    public mutating func leaf(_ name: String, _ value: Bool) {
        leaf(name, value ? "true" : "false")
    }

    public mutating func leaf(_ name: String, _ value: some BinaryInteger) {
        leaf(name, String(value))
    }

    /// Writes nothing for nil, so optional model fields can be listed in model order unconditionally.
    public mutating func optionalLeaf(_ name: String, _ text: String?) {
        if let text { leaf(name, text) }
    }

    public mutating func optionalLeaf(_ name: String, _ value: Bool?) {
        if let value { leaf(name, value) }
    }

    public mutating func optionalLeaf(_ name: String, _ value: (some BinaryInteger)?) {
        if let value { leaf(name, value) }
    }

    /// `<name/>`.
    public mutating func emptyElement(_ name: String) {
        precondition(Self.isValidName(name), "invalid XML element name \(name)")
        output += "<\(name)/>"
    }

    /// Escaped character data at the current position (for mixed content; rarely needed).
    public mutating func text(_ text: String) {
        output += XMLEscaping.escapeText(text)
    }

    /// The document or fragment written so far.
    public var string: String { output }

    /// UTF-8 bytes of `string`, ready for a response body.
    public var bytes: [UInt8] { Array(output.utf8) }

    private mutating func openTag(_ name: String, _ attributes: [(String, String)]) {
        precondition(Self.isValidName(name), "invalid XML element name \(name)")
        output += "<" + name
        for (key, value) in attributes {
            precondition(Self.isValidName(key), "invalid XML attribute name \(key)")
            output += " \(key)=\"\(XMLEscaping.escapeAttribute(value))\""
        }
        output += ">"
    }

    private mutating func closeTag(_ name: String) {
        output += "</\(name)>"
    }

    /// Element and attribute names come from code, not from requests; this catches a typo such as a
    /// space or a `<` before it produces a broken document. ASCII names are all Route 53 uses.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func isStart(_ s: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(s) || ("a"..."z").contains(s) || s == "_" || s == ":" || s.value > 0x7F
        }
        return isStart(first) && name.unicodeScalars.allSatisfy {
            isStart($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        }
    }
}
