/// Escaping for text and attribute values written by `XMLWriter`.
///
/// Besides the five predefined entities, characters XML 1.0 cannot carry at all (C0 controls other
/// than tab, LF and CR, and U+FFFE/U+FFFF) are replaced with U+FFFD so a stray byte in a stored value
/// (a TXT record, a comment) can never make a response unparseable for botocore. CR is written as a
/// character reference because a parser would otherwise turn it into LF; in attributes tab and LF are
/// referenced too, since attribute-value normalisation would turn them into spaces.
public enum XMLEscaping {
    public static func escapeText(_ text: String) -> String {
        escape(text, attribute: false)
    }

    public static func escapeAttribute(_ value: String) -> String {
        escape(value, attribute: true)
    }

    /// Whether a scalar may appear in an XML 1.0 document (production Char).
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        // Fast path: most values (names, IDs, numbers) need nothing.
        if !text.unicodeScalars.contains(where: { needsWork($0) }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#xD;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#x9;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#xA;".unicodeScalars)
            default:
                out.append(isXMLCharacter(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(out)
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'", "\r", "\t", "\n": true
        default: !isXMLCharacter(scalar)
        }
    }
}
