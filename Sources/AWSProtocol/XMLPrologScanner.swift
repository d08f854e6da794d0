/// Looks at the bytes in front of the root element before libxml2 sees them.
///
/// A document type declaration can only appear in the prolog, so finding `<!DOCTYPE` there is an
/// exact test: rejecting it means no internal subset, no entity declarations and so no billion-laughs
/// expansion and no external entity fetch, whatever the parser would have done (API-01 hardening).
/// The scan also refuses encodings that would hide the prolog from a byte-level look (UTF-16/32, or
/// a declared encoding that is not ASCII-compatible), and reports a body with no element at all.
enum XMLPrologScanner {
    /// Encodings libxml2 may be told about in the XML declaration: all ASCII-compatible, so the scan
    /// below reads the prolog correctly. Route 53 clients send UTF-8.
    static let acceptedEncodings: Set<String> = ["utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1"]

    static func check(_ bytes: [UInt8]) -> XMLReadError? {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return XMLReadError(kind: .unsupportedEncoding, line: 1, column: 1,
                                message: "Only UTF-8 request bodies are accepted.")
        }
        // NUL is not an XML character and is how UTF-16/32 without a BOM shows itself.
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            return XMLReadError(kind: .unsupportedEncoding, line: line, column: column,
                                message: "An invalid XML character (Unicode: 0x0) was found; only UTF-8 request bodies are accepted.")
        }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while true {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            if index == bytes.count {
                let (line, column) = position(of: index, in: bytes)
                return XMLReadError(kind: .empty, line: line, column: column, message: "Premature end of file.")
            }
            if matches("<?", at: index, in: bytes) {
                guard let end = find("?>", from: index + 2, in: bytes) else { return nil }
                if let refusal = checkDeclaration(bytes[index..<end], at: index, in: bytes) { return refusal }
                index = end + 2
            } else if matches("<!--", at: index, in: bytes) {
                guard let end = find("-->", from: index + 4, in: bytes) else { return nil }
                index = end + 3
            } else if matches("<!DOCTYPE", at: index, in: bytes) {
                let (line, column) = position(of: index, in: bytes)
                // Xerces' wording when a secure parser refuses a DTD ([I]).
                return XMLReadError(
                    kind: .doctypeForbidden, line: line, column: column,
                    message: "DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true.")
            } else {
                return nil
            }
        }
    }

    /// Refuses an XML declaration naming an encoding outside `acceptedEncodings`.
    private static func checkDeclaration(_ declaration: ArraySlice<UInt8>, at start: Int, in bytes: [UInt8]) -> XMLReadError? {
        let text = String(decoding: declaration, as: UTF8.self)
        guard text.hasPrefix("<?xml"), text.count > 5, let sixth = text.unicodeScalars.dropFirst(5).first,
              XMLNode.isXMLSpace(sixth),
              let range = text.range(of: "encoding") else { return nil }
        var rest = text[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let name = rest.dropFirst().prefix { $0 != quote }
        guard !acceptedEncodings.contains(name.lowercased()) else { return nil }
        let (line, column) = position(of: start, in: bytes)
        return XMLReadError(kind: .unsupportedEncoding, line: line, column: column,
                            message: "Encoding \"\(name)\" is not supported; send UTF-8.")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func matches(_ literal: StaticString, at index: Int, in bytes: [UInt8]) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { pattern in
            (0..<count).allSatisfy { bytes[index + $0] == pattern[$0] }
        }
    }

    private static func find(_ literal: StaticString, from start: Int, in bytes: [UInt8]) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(literal, at: index, in: bytes) { return index }
            index += 1
        }
        return nil
    }

    /// 1-based line and column (in bytes) of an offset, the way the parser counts them.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
