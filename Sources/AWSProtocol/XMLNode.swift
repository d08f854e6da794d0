/// One element of a parsed request body: an immutable tree built by `XMLDocumentReader`.
///
/// Names are local names: the reader strips any namespace prefix (`<r:Name>` → `Name`) because the lab
/// ignores namespace prefixes when parsing (API-01). `text` is the element's own character data
/// (entities and CDATA already resolved, child elements' text excluded), exactly as sent: Route 53
/// values such as TXT strings keep their spaces, so trimming is the caller's choice (`trimmedText`).
public struct XMLNode: Sendable, Hashable {
    /// Local name (any namespace prefix stripped).
    public let name: String
    /// Attributes by local name; `xmlns` / `xmlns:*` declarations are not included.
    public let attributes: [String: String]
    /// Child elements in document order.
    public let children: [XMLNode]
    /// Concatenated character data directly inside this element, not trimmed.
    public let text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// `text` without leading and trailing whitespace (space, tab, CR, LF).
    public var trimmedText: String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !XMLNode.isXMLSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !XMLNode.isXMLSpace($0) })!
        return String(scalars[first...last])
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child element with this local name, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The text of the first child with this local name (nil when there is no such child). Route 53
    /// request fields are leaf elements, so this is the common way to read one.
    public func childText(_ name: String, trimmed: Bool = false) -> String? {
        guard let node = child(name) else { return nil }
        return trimmed ? node.trimmedText : node.text
    }

    /// Follows a path of child names, taking the first match at each step:
    /// `request.descendant("ChangeBatch", "Changes")`.
    public func descendant(_ path: String...) -> XMLNode? {
        var node = self
        for name in path {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        return node
    }

    /// XML 1.0 white space (production S): space, tab, CR, LF.
    static func isXMLSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
