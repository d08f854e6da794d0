import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `XMLParser` delegate behind `XMLDocumentReader`: turns SAX events into `XMLNode`s and stops at
/// the first real error.
///
/// Two things about Foundation's parser on Linux (libxml2 underneath) shape this class:
/// - `parse()` can return `true` after reporting an error, and it reports nothing at all for some
///   truncated documents (`<A>` yields no event), so success is decided here from the events: exactly
///   one root element, opened and closed, and no fatal error reported.
/// - libxml2 keeps going after an error (recovery) and reports warnings through the same callback, so
///   the first fatal error is recorded and parsing aborted; namespace warnings and errors (undeclared
///   prefix, relative namespace URI) are ignored because prefixes do not matter here (API-01).
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private struct Frame {
        let qualifiedName: String
        let name: String
        let attributes: [String: String]
        var children: [XMLNode] = []
        var text = ""
    }

    /// libxml2 `xmlParserErrors` codes that do not make a document unreadable for us: namespace
    /// warnings (`XML_WAR_NS_URI`, `XML_WAR_NS_URI_RELATIVE`, `XML_WAR_NS_COLUMN`) and namespace errors
    /// (`XML_NS_ERR_*`, 200–205). Anything fatal that slips through still fails the structural check.
    private static let ignorableCodes: Set<Int> = [99, 100, 106, 200, 201, 202, 203, 204, 205]

    private let limits: XMLDocumentReader.Limits
    private var stack: [Frame] = []
    private var elementCount = 0
    private var lastEntityName: String?
    private(set) var root: XMLNode?
    private(set) var failure: XMLReadError?

    /// Where the last non-space byte of the body ends: an unfinished tag reported there is a
    /// truncated body rather than a typo in the middle.
    private let contentEnd: (line: Int, column: Int)

    init(limits: XMLDocumentReader.Limits, contentEnd: (line: Int, column: Int)) {
        self.limits = limits
        self.contentEnd = contentEnd
    }

    /// True while an element is open: used after parsing to detect a truncated document.
    var hasOpenElements: Bool { !stack.isEmpty }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        guard root == nil else {
            fail(parser, .notWellFormed, "Content is not allowed in trailing section.")
            return
        }
        elementCount += 1
        if elementCount > limits.maxElements {
            fail(parser, .tooManyElements, "The document has more than \(limits.maxElements) elements.")
            return
        }
        if stack.count >= limits.maxDepth {
            fail(parser, .tooDeep, "Element nesting exceeds the maximum depth of \(limits.maxDepth).")
            return
        }
        stack.append(Frame(qualifiedName: elementName, name: Self.localName(elementName),
                           attributes: Self.localAttributes(attributeDict)))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        guard failure == nil, let frame = stack.popLast() else { return }
        let node = XMLNode(name: frame.name, attributes: frame.attributes, children: frame.children, text: frame.text)
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        self.parser(parser, foundCharacters: whitespaceString)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil, !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    /// Never resolves anything; only remembers the name for the "not declared" message.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        lastEntityName = name
        return nil
    }

    // Declarations can only come from a DTD, which the prolog scan already refuses; these make sure a
    // DTD that somehow got past it still stops the parse before any entity is used.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuseDTD(parser)
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?,
                systemID: String?) {
        refuseDTD(parser)
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?,
                systemID: String?, notationName: String?) {
        refuseDTD(parser)
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        refuseDTD(parser)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        let code = (parseError as NSError).code
        guard !Self.ignorableCodes.contains(code) else { return }
        let atEnd = (parser.lineNumber, parser.columnNumber) >= contentEnd
        fail(parser, .notWellFormed, message(forLibXML2Code: code, atEnd: atEnd))
    }

    private func refuseDTD(_ parser: XMLParser) {
        guard failure == nil else { return }
        fail(parser, .doctypeForbidden,
             "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true.")
    }

    private func fail(_ parser: XMLParser, _ kind: XMLReadError.Kind, _ message: String) {
        failure = XMLReadError(kind: kind, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1),
                               message: message)
        parser.abortParsing()
    }

    /// Plain messages for the libxml2 errors a hand-written or truncated body usually hits, worded like
    /// the Xerces messages Route 53 itself returns ([I]); others name the libxml2 code.
    private func message(forLibXML2Code code: Int, atEnd: Bool) -> String {
        // Whatever libxml2 calls it, an error at the very end with an element still open is a
        // truncated body; a mismatched end tag is the one exception worth naming precisely.
        if atEnd && code != 76 && (!stack.isEmpty || root == nil) {
            return "XML document structures must start and end within the same entity."
        }
        switch code {
        case 4: // XML_ERR_DOCUMENT_EMPTY: text where the root element should start
            return "Content is not allowed in prolog."
        case 5, 77: // XML_ERR_DOCUMENT_END, XML_ERR_TAG_NOT_FINISHED
            return stack.isEmpty && root != nil
                ? "Content is not allowed in trailing section."
                : "XML document structures must start and end within the same entity."
        case 9: // XML_ERR_INVALID_CHAR
            return "An invalid XML character was found in the element content of the document."
        case 23: // XML_ERR_ENTITYREF_SEMICOL_MISSING
            return "The entity reference must end with the ';' delimiter."
        case 26, 27: // XML_ERR_UNDECLARED_ENTITY, XML_WAR_UNDECLARED_ENTITY
            if let name = lastEntityName { return "The entity \"\(name)\" was referenced, but not declared." }
            return "An entity was referenced, but not declared."
        case 38: // XML_ERR_LT_IN_ATTRIBUTE
            return "The value of an attribute must not contain the '<' character."
        case 39: // XML_ERR_ATTRIBUTE_NOT_STARTED
            return "An attribute value must be enclosed in quotes."
        case 42: // XML_ERR_ATTRIBUTE_REDEFINED
            return "An attribute was specified more than once for the same element."
        case 62: // XML_ERR_MISPLACED_CDATA_END
            return "The character sequence \"]]>\" must not appear in content unless used to mark the end of a CDATA section."
        case 68: // XML_ERR_NAME_REQUIRED: a bare '&', '<' before a non-name, an attribute without a name
            return "A name was expected here; a literal '&' or '<' must be written as '&amp;' or '&lt;'."
        case 73: // XML_ERR_GT_REQUIRED
            return "A tag is not closed with '>'."
        case 76: // XML_ERR_TAG_NAME_MISMATCH
            if let open = stack.last?.qualifiedName {
                return "The element type \"\(open)\" must be terminated by the matching end-tag \"</\(open)>\"."
            }
            return "An end tag does not match its start tag."
        default:
            return "The XML document is not well-formed (libxml2 error \(code))."
        }
    }

    /// `r:Name` → `Name` (API-01: namespace prefixes are ignored).
    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    /// Drops namespace declarations and strips prefixes. Keys are visited in sorted order with
    /// unprefixed names first, so a clash (`k` and `r:k`) resolves the same way every time.
    static func localAttributes(_ attributes: [String: String]) -> [String: String] {
        guard !attributes.isEmpty else { return [:] }
        var result: [String: String] = [:]
        let keys = attributes.keys.sorted { lhs, rhs in
            let lhsPrefixed = lhs.contains(":"), rhsPrefixed = rhs.contains(":")
            return lhsPrefixed == rhsPrefixed ? lhs < rhs : !lhsPrefixed
        }
        for key in keys where key != "xmlns" && !key.hasPrefix("xmlns:") {
            let local = localName(key)
            if result[local] == nil { result[local] = attributes[key] }
        }
        return result
    }
}
